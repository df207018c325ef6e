"""bench commands of redes_smevir (``bench --site SITE smevir-demo``)."""

import click
from frappe.commands import get_site, pass_context


@click.command("smevir-demo")
@click.option("--password", default=None, help="Contraseña de los usuarios de demostración")
@pass_context
def smevir_demo(context, password=None):
	"""Carga los datos de demostración de SMEVIR (idempotente)."""
	import frappe

	from redes_smevir.services import demo

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		demo.load(password=password or demo.DEFAULT_PASSWORD)
	finally:
		frappe.destroy()


commands = [smevir_demo]
