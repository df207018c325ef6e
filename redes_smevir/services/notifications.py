"""Notifications about fichas, as Frappe Notification Log entries (the bell in Desk, plus e-mail
when the user's notification settings ask for it).

- a ficha is sent → its approvers; returned or approved → who sent it;
- a correction is requested → who may authorise it; decided → who asked;
- daily: reminders before an entry window closes (``Configuracion SMEVIR.dias_recordatorio``).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification
from frappe.utils import cint, get_link_to_form, getdate, nowdate

from redes_smevir.domain import ficha_rules as rules
from redes_smevir.domain.periods import Window
from redes_smevir.services import progress, recipients, roles


def notify(users: list[str], subject: str, doctype: str, name: str, body: str | None = None) -> None:
	users = sorted({u for u in users if u and u not in ("Guest",)})
	if not users:
		return
	enqueue_create_notification(
		users,
		{
			"type": "Alert",
			"document_type": doctype,
			"document_name": name,
			"subject": subject,
			"email_content": body or subject,
			"from_user": frappe.session.user,
		},
	)


def on_transition(doc, t: rules.Transition) -> None:
	title = doc.titulo or doc.name
	if t.action == rules.ENVIAR:
		notify(
			recipients.approvers_of(doc),
			_("Ficha enviada para su revisión: {0}").format(title),
			"Ficha",
			doc.name,
		)
	elif t.action in (rules.OBSERVAR, rules.APROBAR):
		sender = doc.enviado_por or doc.owner
		if t.action == rules.OBSERVAR:
			subject = _("Ficha observada: {0}. Motivo: {1}").format(title, doc.motivo_observacion)
		else:
			subject = _("Ficha aprobada: {0}").format(title)
		notify([sender], subject, "Ficha", doc.name)


def on_correction_requested(ficha_doc, req) -> None:
	notify(
		recipients.authorisers_of(ficha_doc),
		_("Solicitud de corrección de {0}: {1}").format(ficha_doc.titulo or ficha_doc.name, req.motivo),
		"Solicitud Correccion",
		req.name,
	)


def on_correction_decided(ficha_doc, req) -> None:
	if req.estado == "Autorizada":
		subject = _("Corrección autorizada: {0} está En Corrección y puede editarla.").format(
			ficha_doc.titulo or ficha_doc.name
		)
	else:
		subject = _("Corrección rechazada: {0}").format(ficha_doc.titulo or ficha_doc.name)
	notify([req.solicitado_por], subject, "Ficha", ficha_doc.name)


# --- daily reminders --------------------------------------------------------------------------------


def pending_by_user(periodo: str) -> dict[str, list[str]]:
	"""{user: [subjects whose ficha of ``periodo`` is missing or not sent yet]}.

	The expected subjects are those of «Avance de Fichas» (``services.progress``, read set-wise for
	every network: the job decides, no user scope); each goes to who enters it: the network's
	gerente (Empresa), the conglomerado's coordinators (Red), the administrators (Región).
	"""
	pending = [
		r for r in progress.expected_subjects([periodo], scoped=False) if r.estado not in progress.SENT_STATES
	]
	coordinators: dict[str, list[str]] = {}
	if any(r.nivel == rules.RED for r in pending):
		for c in frappe.get_all(
			"Conglomerado Coordinador",
			filters={"parenttype": "Conglomerado", "parentfield": "coordinadores"},
			fields=["parent", "usuario"],
			distinct=True,
		):
			if c.usuario:
				coordinators.setdefault(c.parent, []).append(c.usuario)
	admins = (
		recipients.users_with_role(roles.ADMINISTRADOR)
		if any(r.nivel == rules.REGION for r in pending)
		else []
	)
	out: dict[str, list[str]] = {}
	for r in pending:
		if r.nivel == rules.EMPRESA:
			users = [r.gerente] if r.gerente else []
		elif r.nivel == rules.RED:
			users = coordinators.get(r.conglomerado, [])
		else:
			users = admins
		for user in users:
			out.setdefault(user, []).append(r.subject)
	return out


def send_window_reminders() -> int:
	"""Daily job: remind users with unsent fichas ``dias_recordatorio`` days before a window closes.

	Returns how many users were reminded.
	"""
	days = cint(frappe.db.get_single_value("Configuracion SMEVIR", "dias_recordatorio"))
	today = getdate(nowdate())
	reminded = 0
	for p in frappe.get_all("Periodo", fields=["name", "inicio_registro", "fin_registro"]):
		if not (p.inicio_registro and p.fin_registro):
			continue
		window = Window(getdate(p.inicio_registro), getdate(p.fin_registro))
		if not rules.reminder_due(window, today, days):
			continue
		for user, subjects in pending_by_user(p.name).items():
			notify(
				[user],
				_(
					"Recordatorio: la ventana de registro del periodo {0} cierra el {1}; tiene {2} ficha(s) sin enviar."
				).format(p.name, f"{window.end:%d-%m-%Y}", len(subjects)),
				"Periodo",
				p.name,
				body=_("Fichas pendientes: {0}").format(", ".join(sorted(subjects))),
			)
			reminded += 1
	return reminded
