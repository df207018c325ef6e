import frappe
def run():
    ws = frappe.get_doc("Workspace","SMEVIR")
    print(ws.modified, [c.number_card_name for c in ws.number_cards], [ (s.label, s.stats_filter) for s in ws.shortcuts if 'Solic' in s.label])
