"""Demo data: the seed's 2 conglomerados, 20 networks and 80 firms, periods, users and fichas.

Run on a fresh site with ``bench --site SITE smevir-demo`` (or ``bench --site SITE execute
redes_smevir.services.demo.load``). Re-running it changes nothing: every record is looked up
by its natural key first. Gross sales are synthetic but reproduce, network by network, the
increases published in the seed (``demo/incremento_ventas_publicado.csv``); the final measurement's
Empresa, Red and Región fichas reproduce the seed's results table "INDICADORES AL FINAL DEL
PROYECTO" and the Components 2–4 results (``tests/test_demo_resultados.py`` checks each one).
"""

from __future__ import annotations

import csv
import os
import random
import re
import unicodedata
import zlib
from collections import OrderedDict

import frappe
from frappe import _
from frappe.utils import add_days, flt, nowdate

from redes_smevir.domain import ruc as ruc_rules
from redes_smevir.domain.methodology import FASES
from redes_smevir.services import setup
from redes_smevir.services.roles import ADMINISTRADOR, COORDINADOR, GERENTE

DEMO_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "demo")
DEFAULT_PASSWORD = "Smevir#2026"
EMAIL_DOMAIN = "smevir.demo"

LB = "Línea de Base 2010"
FINAL = "Medición Final 2011"
FINAL_REFERENCE = "2011-09-30"  # the final measurement's reference date
OPEN = "Medición Anual de práctica"

CONGLOMERADOS = {
	"Gamarra": {
		"sector": "Confecciones",
		"cadena": "Textil y confecciones",
		"region": "Lima",
		"unidad_operativa": "Unidad Operativa Gamarra (Lima)",
		"distrito": "La Victoria (Lima)",
	},
	"Cusco": {
		"sector": "Turismo",
		"cadena": "Turismo",
		"region": "Cusco",
		"unidad_operativa": "Unidad Operativa Cusco",
		"distrito": "Cusco (Cusco)",
	},
}
PROGRAM_START = "2010-02-01"
# Networks that did not start with the programme (seed: RABLEM joined in October 2010;
# Hostales Cusco and MAPI REPS are not among the 7 Cusco networks "que permanecieron desde el
# inicio", yet the seed's final results count all 9 Cusco networks: they joined after the baseline).
LATE_JOIN = {"RABLEM": "2010-10-01", "MAPI REPS": "2010-09-01", "Hostales Cusco": "2010-07-01"}
# The seed counts 40 member firms in Cusco at the end ("40 pequeñas y micro empresas se consolidan en
# 9 redes") but names 39: the demo adds the unnamed one, to a network outside the sales averages.
UNNAMED_FIRMS = {"MAPI REPS": [("Empresa de MAPI REPS no nombrada en el informe", "")]}
# Public bodies applying the methodology per conglomerado (seed: 4 in all; Gamarra: MINCETUR's
# Programa Exporta and PRODUCE's Mi Empresa; Cusco: AGRORURAL and DIRCETUR).
ENTIDADES_PUBLICAS = {"Gamarra": 2, "Cusco": 2}
RUBRO_KEYWORDS = [
	("lenceria", "Lencería"),
	("publicitaria", "Ropa publicitaria y corporativa"),
	("bebes", "Ropa para niños y bebés"),
	("niñas", "Ropa para niños y bebés"),
	("caballeros", "Ropa para caballeros"),
	("jeans", "Jeans y polos"),
	("blusas", "Blusas y casual"),
	("damas", "Ropa para damas"),
	("mamás", "Ropa para damas"),
	("hosped", "Hospedaje"),
	("rural", "Turismo rural comunitario"),
	("artesan", "Artesanía"),
	("agencia", "Agencia de viajes y operador turístico"),
	("operador", "Agencia de viajes y operador turístico"),
]


def slug(text: str) -> str:
	text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
	return re.sub(r"[^a-z0-9]+", ".", text.lower()).strip(".")


def read_csv(name: str) -> list[dict]:
	with open(os.path.join(DEMO_DIR, name), encoding="utf-8") as f:
		return list(csv.DictReader(f))


def networks() -> OrderedDict:
	"""Networks of the seed in file order: name -> {conglomerado, rubro_text, firms: [(name, contact)]}."""
	nets: OrderedDict = OrderedDict()
	for row in read_csv("redes_empresas.csv"):
		net = nets.setdefault(
			row["red"], {"conglomerado": row["conglomerado"], "rubro_text": row["rubro"].strip(), "firms": []}
		)
		net["firms"].append((row["empresa"].strip(), row["contacto"].strip()))
	for red, firms in UNNAMED_FIRMS.items():
		nets[red]["firms"].extend(firms)
	return nets


def published_increases() -> dict[str, float | None]:
	return {
		r["red"]: (
			flt(r["incremento_anual_ventas_brutas_pct"]) if r["incremento_anual_ventas_brutas_pct"] else None
		)
		for r in read_csv("incremento_ventas_publicado.csv")
	}


def demo_ruc(razon_social: str) -> str:
	"""A valid, stable RUC for a demo firm: 20 for companies, 10 for people."""
	company = re.search(
		r"\b(s\.?a\.?c|e\.?i\.?r\.?l|s\.?r\.?l|corp|inversiones|asociaci|s\.?c\.?r)", razon_social.lower()
	)
	prefix = "20" if company else "10"
	body = zlib.crc32(razon_social.encode()) % 100_000_000
	for step in range(1000):
		candidate = ruc_rules.make(prefix, body + step)
		owner = frappe.db.get_value("Empresa", {"ruc": candidate}, "razon_social")
		if not owner or owner == razon_social:
			return candidate
	raise RuntimeError(razon_social)


def sales_plan(nets: OrderedDict, increases: dict) -> dict[str, tuple[float | None, float | None]]:
	"""Per firm (baseline sales, final sales) so that each network's total grows by its published %."""
	rng = random.Random(2010)
	plan: dict[str, tuple[float | None, float | None]] = {}
	for red, net in nets.items():
		firms = [f for f, _c in net["firms"]]
		base = [round(rng.uniform(60_000, 450_000), -2) for _ in firms]
		pct = increases.get(red)
		if pct is None:
			pct = rng.uniform(10, 40)
		target = round(sum(base) * (1 + pct / 100), 2)
		weights = [rng.uniform(0.8, 1.2) for _ in firms]
		raw = [b * w for b, w in zip(base, weights, strict=True)]
		final = [round(x * target / sum(raw), 2) for x in raw]
		final[-1] = round(target - sum(final[:-1]), 2)
		for firm, b, f in zip(firms, base, final, strict=True):
			plan[firm] = (b, f)
	return plan


# --- loaders -------------------------------------------------------------------------------------


def ensure_user(email: str, first_name: str, role: str, password: str) -> str:
	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first_name,
				"send_welcome_email": 0,
				"user_type": "System User",
				"language": "es",
				"new_password": password,
				"roles": [{"role": role}],
			}
		)
		user.flags.ignore_password_policy = True
		user.insert(ignore_permissions=True)
	return email


def ensure_conglomerados(users: dict) -> None:
	for name, info in CONGLOMERADOS.items():
		if frappe.db.exists("Conglomerado", name):
			continue
		frappe.get_doc(
			{
				"doctype": "Conglomerado",
				"nombre_conglomerado": name,
				"sector": info["sector"],
				"cadena": info["cadena"],
				"region": info["region"],
				"unidad_operativa": info["unidad_operativa"],
				"fecha_inicio": PROGRAM_START,
				"coordinadores": [{"usuario": users[f"coord:{name}"]}],
			}
		).insert(ignore_permissions=True)


def rubro_for(text: str) -> str | None:
	low = text.lower()
	for key, rubro in RUBRO_KEYWORDS:
		if key in low:
			return rubro
	return None


def phase_for(index: int, red: str) -> str:
	"""Phase at the final measurement: every network executes its business plan (seed's results)."""
	return FASES[4] if index % 3 or red in LATE_JOIN else FASES[5]


def ensure_networks(nets: OrderedDict, users: dict) -> None:
	for index, (red, net) in enumerate(nets.items()):
		if frappe.db.exists("Red", red):
			continue
		frappe.get_doc(
			{
				"doctype": "Red",
				"nombre_red": red,
				"conglomerado": net["conglomerado"],
				"rubro": rubro_for(net["rubro_text"]),
				"descripcion_rubro": net["rubro_text"],
				"gerente": users[f"gerente:{red}"],
				"estado": "Red activa",
				"fase": phase_for(index, red),
				"fecha_ingreso": LATE_JOIN.get(red, PROGRAM_START),
				# the phases the fichas report: pre-network at entry, the final phase at the final
				# measurement (not the day the demo is loaded, which Red would record)
				"historial_fases": [
					{"fase": FASES[1], "fecha": LATE_JOIN.get(red, PROGRAM_START)},
					{"fase": phase_for(index, red), "fecha": FINAL_REFERENCE},
				],
				"distrito": CONGLOMERADOS[net["conglomerado"]]["distrito"],
			}
		).insert(ignore_permissions=True)


def ensure_firms(nets: OrderedDict, plan: dict) -> dict[str, str]:
	"""Create the firms with their membership; return razon_social -> Empresa name."""
	rng = random.Random(79)
	names: dict[str, str] = {}
	for red, net in nets.items():
		joined = LATE_JOIN.get(red, PROGRAM_START)
		for razon_social, contacto in net["firms"]:
			existing = frappe.db.get_value("Empresa", {"razon_social": razon_social, "red": red}, "name")
			if not existing:
				existing = frappe.db.get_value("Empresa", {"razon_social": razon_social}, "name")
			if existing:
				names[razon_social] = existing
				continue
			base, final = plan[razon_social]
			doc = frappe.get_doc(
				{
					"doctype": "Empresa",
					"razon_social": razon_social,
					"ruc": demo_ruc(razon_social),
					"contacto": contacto,
					"red": red,
					"fecha_ingreso_red": joined,
					"rubro": rubro_for(net["rubro_text"]),
					"distrito": CONGLOMERADOS[net["conglomerado"]]["distrito"],
					"trabajadores": rng.randint(3, 35),
					"ventas_anuales_usd": round((final or base or 0) / 2.8, 2),
				}
			)
			doc.flags.mute_messages = True
			doc.insert(ignore_permissions=True)
			names[razon_social] = doc.name
	return names


def ensure_periods() -> None:
	periods = [
		{
			"nombre_periodo": LB,
			"tipo": "Línea de Base",
			"fecha_referencia": "2010-03-31",
			"inicio_registro": "2010-04-01",
			"fin_registro": "2010-06-30",
			"cubre_desde": "2009-01-01",
			"cubre_hasta": "2009-12-31",
		},
		{
			"nombre_periodo": FINAL,
			"tipo": "Medición Final",
			"fecha_referencia": FINAL_REFERENCE,
			"inicio_registro": "2011-10-01",
			"fin_registro": "2011-12-15",
			"cubre_desde": "2010-10-01",
			"cubre_hasta": "2011-09-30",
			"periodo_base": LB,
		},
		{
			"nombre_periodo": OPEN,
			"tipo": "Medición Anual",
			"fecha_referencia": nowdate(),
			"inicio_registro": add_days(nowdate(), -7),
			"fin_registro": add_days(nowdate(), 30),
			"periodo_base": LB,
		},
	]
	for values in periods:
		if not frappe.db.exists("Periodo", values["nombre_periodo"]):
			frappe.get_doc({"doctype": "Periodo", **values}).insert(ignore_permissions=True)


def _insert_approved_ficha(values: dict) -> str | None:
	keys = {k: values[k] for k in ("nivel", "periodo", "empresa", "red", "conglomerado") if values.get(k)}
	if values["nivel"] == "Empresa":
		keys = {"nivel": "Empresa", "periodo": values["periodo"], "empresa": values["empresa"]}
	elif values["nivel"] == "Red":
		keys = {"nivel": "Red", "periodo": values["periodo"], "red": values["red"]}
	else:
		keys = {"nivel": "Región", "periodo": values["periodo"], "conglomerado": values["conglomerado"]}
	if frappe.db.exists("Ficha", keys):
		return None
	doc = frappe.get_doc({"doctype": "Ficha", **values})
	doc.flags.historical_load = True
	doc.flags.mute_messages = True
	doc.insert(ignore_permissions=True)
	frappe.db.set_value("Ficha", doc.name, "workflow_state", "Aprobada", update_modified=False)
	return doc.name


def ensure_fichas(nets: OrderedDict, plan: dict, firm_names: dict) -> int:
	"""Approved fichas for the baseline and the final measurement (members on each reference date)."""
	from redes_smevir.services.membership import members_on

	rng = random.Random(2011)
	created = 0
	ref = {LB: "2010-03-31", FINAL: FINAL_REFERENCE}
	for index, (red, net) in enumerate(nets.items()):
		for periodo in (LB, FINAL):
			members = set(members_on(red, ref[periodo]))
			final = periodo == FINAL
			for razon_social, _c in net["firms"]:
				empresa = firm_names[razon_social]
				if empresa not in members:
					continue
				base, fin = plan[razon_social]
				values = {
					"nivel": "Empresa",
					"periodo": periodo,
					"empresa": empresa,
					"red": red,
					"conglomerado": net["conglomerado"],
					"ventas_brutas": fin if final else base,
					"trabajadores": rng.randint(3, 35),
					# Seed: every member firm added value and innovated (100 % and 100 %) and the
					# 40 + 40 member firms execute their network's business plan.
					"agrego_valor": int(final),
					"innovo_procesos": int(final),
					"diagnostico_individual": 1,
					"plan_mejora_individual": int(final),
					"ejecuta_plan_negocios": int(final),
					"capacitacion_recibida": int(final),
					"asistencia_tecnica_recibida": int(final),
					"eventos_comerciales": rng.randint(1, 4) if final else 0,
					"nuevos_clientes": rng.randint(0, 6) if final else 0,
					"nuevos_mercados": int(final and rng.random() < 0.4),
				}
				if values["innovo_procesos"]:
					kind = ("innovacion_productiva", "innovacion_comercial", "innovacion_gestion")[
						rng.randrange(3)
					]
					values[kind] = 1
				if values["agrego_valor"]:
					values["como_agrego_valor"] = _("Mejoró acabados y diseño")
				created += bool(_insert_approved_ficha(values))
			if members:
				created += bool(
					_insert_approved_ficha(
						{
							"nivel": "Red",
							"periodo": periodo,
							"red": red,
							"conglomerado": net["conglomerado"],
							"fase_alcanzada": phase_for(index, red) if final else FASES[1],
							# Seed's results: all 20 networks have an improvement plan, ran
							# their pilot project, were trained and take part in trade events,
							# and do sustainable business abroad and at home (11 + 9).
							"plan_mejora_red": int(final),
							"proyecto_piloto": int(final),
							"plan_negocios_ejecucion": int(final),
							"articulada_nuevos_mercados": int(final and index % 2 == 0),
							"clientes_nichos_rentables": int(final and index % 4 != 3),
							"negocio_sostenible_exportacion": int(final),
							"negocio_sostenible_interno": int(final),
							"red_capacitada": int(final),
							"participa_eventos_comerciales": int(final),
						}
					)
				)
	for congl in CONGLOMERADOS:
		for periodo in (LB, FINAL):
			final = periodo == FINAL
			created += bool(
				_insert_approved_ficha(
					{
						"nivel": "Región",
						"periodo": periodo,
						"conglomerado": congl,
						"politica_publica_en_proceso": int(final),
						"estrategia_validada": int(final),
						"estrategia_documentada": int(final),
						"estrategia_difundida": int(final),
						"entidades_publicas_metodologia": ENTIDADES_PUBLICAS[congl] if final else 0,
						"sistema_monitoreo_funcionando": int(final),
					}
				)
			)
	return created


def ensure_users(nets: OrderedDict, password: str) -> dict[str, str]:
	users = {"admin": ensure_user(f"admin@{EMAIL_DOMAIN}", "Administrador SMEVIR", ADMINISTRADOR, password)}
	for congl in CONGLOMERADOS:
		users[f"coord:{congl}"] = ensure_user(
			f"coordinador.{slug(congl)}@{EMAIL_DOMAIN}", f"Coordinador UO {congl}", COORDINADOR, password
		)
	for red in nets:
		users[f"gerente:{red}"] = ensure_user(
			f"gerente.{slug(red)}@{EMAIL_DOMAIN}", f"Gerente {red}", GERENTE, password
		)
	return users


def _complete_setup_wizard() -> None:
	from redes_smevir.services import desk_setup

	desk_setup.complete_setup_wizard()


def _desk_setup(users: dict) -> None:
	"""Spanish desk and the SMEVIR workspace as landing page for every demo user."""
	from redes_smevir.services import desk_setup

	for user in users.values():
		desk_setup.set_user_defaults(user)


def load(password: str = DEFAULT_PASSWORD, verbose: bool = True) -> dict:
	"""Load (or complete) the demo; returns the users by key. Idempotent."""
	frappe.flags.in_demo = True
	# Finish the setup wizard first: it sets the site's time zone, which every date written below uses.
	_complete_setup_wizard()
	setup.setup_all()
	nets = networks()
	plan = sales_plan(nets, published_increases())
	users = ensure_users(nets, password)
	ensure_conglomerados(users)
	ensure_networks(nets, users)
	firm_names = ensure_firms(nets, plan)
	ensure_periods()
	fichas = ensure_fichas(nets, plan, firm_names)
	_desk_setup(users)
	frappe.db.commit()  # nosemgrep: the demo is a one-off command, not a request
	frappe.flags.in_demo = False
	if verbose:
		print(
			_("Demo SMEVIR cargada: {0} redes, {1} empresas, {2} fichas nuevas.").format(
				frappe.db.count("Red"), frappe.db.count("Empresa"), fichas
			)
		)
		print(_("Usuarios (contraseña para todos: {0}):").format(password))
		for key, email in users.items():
			role = {"admin": ADMINISTRADOR}.get(key) or (COORDINADOR if key.startswith("coord") else GERENTE)
			print(f"  {role:<22} {email}")
	return users
