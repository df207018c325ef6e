"""After uninstall: every former SMEVIR user still opens Desk. Run with the bench's python in sites/.

Usage: desk_opens.py SITE PASSWORD USER [USER ...]; prints one line per user, exit 1 if any is not 200.
"""

import sys

import frappe.app
from werkzeug.test import Client

site, password, users = sys.argv[1], sys.argv[2], sys.argv[3:]
frappe.app.get_site_name = lambda host: site
failed = 0
for user in users:
	client = Client(frappe.app.application)
	login = client.post("/api/method/login", data={"usr": user, "pwd": password})
	desk = client.get("/app")
	print(f"{user}: login {login.status_code}, /app {desk.status_code}")
	failed += login.status_code != 200 or desk.status_code != 200
sys.exit(1 if failed else 0)
