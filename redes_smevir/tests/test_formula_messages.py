"""Formula refusals read as the same Spanish messages users saw when the domain wrote them.

The domain (``domain.formula.errors``) returns a code, its values and the offset; the
Indicador form, "Probar fórmula" and the Marco Lógico show ``problem_messages.message``.
"""

from frappe.tests.utils import FrappeTestCase

from redes_smevir.domain import formula as fl
from redes_smevir.services import problem_messages

SCHEMA = {
	"agrego_valor": "check",
	"innovo_procesos": "check",
	"plan_mejora_red": "check",
	"ventas_brutas": "number",
	"empleados": "number",
	"nombre_text": "text",
	"sector": "text",
}


def message_of(formula: str, schema: dict | None = None) -> str:
	try:
		fl.parse(formula, SCHEMA if schema is None else schema)
	except fl.FormulaError as e:
		return problem_messages.message(e.problem)
	raise AssertionError(f"{formula!r} was accepted")


class TestFormulaMessages(FrappeTestCase):
	def test_each_refusal_reads_as_before(self):
		cases = [
			(
				"CONTAR(sector = 1)",
				"Error de tipo en la posición 14: no se puede comparar texto con un número (el campo «sector» es de texto)",
			),
			(
				"CONTAR(ventas_brutas Y agrego_valor)",
				"Error de tipo en la posición 7: Y necesita una condición (una comparación o una casilla), pero el campo «ventas_brutas» es numérico",
			),
			(
				"CONTAR(NO empleados)",
				"Error de tipo en la posición 10: NO necesita una condición (una comparación o una casilla), pero el campo «empleados» es numérico",
			),
			(
				"PORCENTAJE(ventas_brutas)",
				"Error de tipo en la posición 11: PORCENTAJE necesita una condición (una comparación o una casilla), pero el campo «ventas_brutas» es numérico",
			),
			(
				"CONTAR(sector > 'A')",
				"Error de tipo en la posición 14: los textos solo se comparan con = o <>, no con «>»",
			),
			(
				"SUMA(sector + 1)",
				"Error de tipo en la posición 5: El operador «+» necesita un valor numérico, pero el campo «sector» es de texto",
			),
			(
				"SUMA(-sector)",
				"Error de tipo en la posición 6: El signo «-» necesita un valor numérico, pero el campo «sector» es de texto",
			),
			(
				"CONTAR(NO 'x')",
				"Error de tipo en la posición 10: NO necesita una condición (una comparación o una casilla), pero «x» es de texto",
			),
			(
				"CONTAR(1 = sector)",
				"Error de tipo en la posición 9: no se puede comparar texto con un número (el campo «sector» es de texto)",
			),
			(
				"SUMA(ventas_brutas) = 'a'",
				"Error de tipo en la posición 20: no se puede comparar texto con un número («a» es de texto)",
			),
			(
				"SI(CONTAR() > 1, 'a', 2)",
				"Error de tipo en la posición 0: los dos resultados de SI deben ser del mismo tipo (números o textos)",
			),
			("'texto'", "La fórmula debe dar un número, pero da un texto"),
			(
				"ventas_brutas / 2",
				"El campo «ventas_brutas» en la posición 0 debe ir dentro de una función de agregación como SUMA o PROMEDIO",
			),
			(
				"SUMA(PROMEDIO(ventas_brutas))",
				"La función PROMEDIO en la posición 5 no puede ir dentro de SUMA: las funciones de agregación no se pueden anidar",
			),
			("BASE(BASE(SUMA(ventas_brutas)))", "BASE en la posición 5 no puede ir dentro de BASE"),
			(
				"BASE('x')",
				"Error de tipo en la posición 5: BASE necesita un valor numérico, pero «x» es de texto",
			),
			("SUMA(ventas_brutas", "Error de sintaxis en la posición 18: se esperaba «)»"),
			("SUMA(ventas_brutas))", "Error de sintaxis en la posición 19: no se esperaba «)»"),
			(
				"SUMA(ventas_brutas) +",
				"Error de sintaxis en la posición 21: la fórmula está incompleta; se esperaba un número, un campo o una función",
			),
			(
				"SUMA(ventas_brutas) * * 2",
				"Error de sintaxis en la posición 22: se esperaba un número, un campo o una función, pero se encontró «*»",
			),
			(
				"SUMA(Y)",
				"Error de sintaxis en la posición 5: «Y» es un operador lógico; se esperaba un número, un campo o una función",
			),
			(
				"1 < 2 < 3",
				"Error de sintaxis en la posición 6: no se pueden encadenar comparaciones; use Y (por ejemplo a > 1 Y a < 5)",
			),
			(
				"SUMA(ventas_brutas) * 0,5",
				"Error de sintaxis en la posición 23: use punto para los decimales (por ejemplo 0.5); la coma separa argumentos",
			),
			(
				"CONTAR(sector = 'Textil)",
				"Error de sintaxis en la posición 16: falta cerrar el texto que empieza con '",
			),
			(
				"SUMA(ventas_brutas) + MEDIANA(empleados)",
				"Función desconocida «MEDIANA» en la posición 22. Funciones disponibles: BASE, CONTAR, CONTAR_DISTINTOS, CONTAR_GRUPOS, CON_BASE, FILTRAR, MAX, MAX_GRUPOS, MIN, MIN_GRUPOS, PORCENTAJE, PORCENTAJE_GRUPOS, PROMEDIO, PROMEDIO_GRUPOS, SI, SUMA, SUMA_GRUPOS",
			),
			(
				"SUMA(ventas_brutas, empleados)",
				"La función SUMA en la posición 0 necesita 1 argumento y recibió 2",
			),
			("SI(1,2)", "La función SI en la posición 0 necesita 3 argumentos y recibió 2"),
			(
				"CONTAR_GRUPOS()",
				"La función CONTAR_GRUPOS en la posición 0 necesita entre 1 y 2 argumentos y recibió 0",
			),
			(
				"PROMEDIO_GRUPOS(1, SUMA(ventas_brutas))",
				"El primer argumento de PROMEDIO_GRUPOS (posición 16) debe ser un nombre de campo, por ejemplo red",
			),
			("", "La fórmula está vacía"),
			("SUMA(ventas_brutas) # 2", "Carácter no válido «#» en la posición 20"),
			(
				"((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))",
				"La fórmula está anidada demasiado profundamente (posición 40)",
			),
			(
				"FILTRAR(agrego_valor = 1)",
				"La función FILTRAR en la posición 0 necesita 2 argumentos y recibió 1",
			),
			(
				"CONTAR(nombre_text + 1 > 2)",
				"Error de tipo en la posición 7: El operador «+» necesita un valor numérico, pero el campo «nombre_text» es de texto",
			),
		]
		for formula, expected in cases:
			with self.subTest(formula=formula[:40]):
				self.assertEqual(message_of(formula), expected)

	def test_unknown_field_lists_the_fields(self):
		schema = {"ventas_brutas": "number", "innovo_procesos": "check", "agrego_valor": "check"}
		self.assertEqual(
			message_of("CONTAR(ventas > 1)", schema),
			"Campo desconocido «ventas» en la posición 7. "
			"Campos disponibles: agrego_valor, innovo_procesos, ventas_brutas. "
			"Campos de identificación: conglomerado, red",
		)
		self.assertEqual(
			message_of("SUMA(zz)", {}),
			"Campo desconocido «zz» en la posición 5. Campos disponibles: (ninguno). "
			"Campos de identificación: conglomerado, red",
		)
		self.assertEqual(
			message_of("SUMA(zz)", {"red": "text", "conglomerado": "text"}),
			"Campo desconocido «zz» en la posición 5. Campos disponibles: conglomerado, red",
		)

	def test_too_long(self):
		self.assertEqual(
			message_of("1" * (fl.MAX_LENGTH + 1)),
			f"La fórmula es demasiado larga (más de {fl.MAX_LENGTH} caracteres)",
		)
