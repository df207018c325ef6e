"""Install, migrate and uninstall hooks: thin wrappers around services.setup."""

from redes_smevir.services import setup


def after_install() -> None:
	setup.setup_all()


def after_migrate() -> None:
	setup.setup_all()


def before_uninstall() -> None:
	setup.teardown()


def before_tests() -> None:
	setup.prepare_test_site()
