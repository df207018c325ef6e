// Chart formatting shared by the SMEVIR reports (each report's JS includes this file with a
// Jinja include, rendered by Frappe when it serves the report) and the workspace's «Tableros
// SMEVIR» block (its script starts with this file; a test keeps the copy equal). Numbers follow the
// site's format (es-PE: 1,234.5): counts are integers (a count axis never shows 0.5 or «200.00»),
// percentages have at most 2 decimals, and an HTML legend lists every series with its own colour
// (frappe-charts' SVG legend shows one row and clips the rest).
frappe.provide("redes_smevir.charts");

Object.assign(redes_smevir.charts, {
	/** Axis label of ``value`` for a chart of ``fieldtype`` (Int, Percent, Float; else Frappe's). */
	axis_label(value, fieldtype) {
		const n = Number(value);
		const decimals = Number.isInteger(n) ? 0 : Math.min(2, String(n).split(".")[1].length);
		if (fieldtype === "Int") return Number.isInteger(n) ? format_number(n, null, 0) : "";
		if (fieldtype === "Percent") return `${format_number(n, null, decimals)} %`;
		if (fieldtype === "Float" && Math.abs(n) < 10000) return format_number(n, null, decimals);
		return frappe.utils.format_chart_axis_number(n);
	},

	/** The largest bar (stacked: the largest stack) of frappe-charts ``data``. */
	max_value(data, stacked) {
		const sets = (data && data.datasets) || [];
		const per_label = (data.labels || []).map((_l, i) =>
			sets.map((d) => Number(d.values[i]) || 0).reduce((a, b) => (stacked ? a + b : Math.max(a, b)), 0)
		);
		return Math.max(0, ...per_label);
	},

	/** frappe-charts ``axisOptions`` for ``fieldtype``; a count axis up to 4 gets 5 (integer ticks). */
	axis_options(data, fieldtype, stacked) {
		const options = {
			shortenYAxisNumbers: 1, // frappe-charts calls numberFormatter only with this set
			numberFormatter: (value) => redes_smevir.charts.axis_label(value, fieldtype),
		};
		// frappe-charts splits a range of 1 or 2 in quarters: a count axis of 0..4 would read 0, 0.5, 1...
		if (fieldtype === "Int" && redes_smevir.charts.max_value(data, stacked) < 5) {
			options.yAxisRange = { min: 0, max: 5 };
		}
		return options;
	},

	/** Redraw a query report's chart with SMEVIR's axis labels (the report chart dict's ``fieldtype``).
	 * Frappe's query_report replaces the chart's ``axisOptions`` with its own («200.00» for a count),
	 * so the report's ``after_datatable_render`` calls this. */
	fix_report_chart(report) {
		const options = report && report.chart_options;
		if (!options || !options.fieldtype || !report.chart || options.smevir_axis) return;
		const stacked = options.barOptions && options.barOptions.stacked;
		options.axisOptions = {
			...(options.axisOptions || {}),
			...redes_smevir.charts.axis_options(options.data, options.fieldtype, stacked),
		};
		// numbered labels («1 Análisis») too long for a phone's bars keep their number alone
		const labels = (options.data && options.data.labels) || [];
		const longest = Math.max(0, ...labels.map((l) => String(l).length));
		const width = report.$chart ? report.$chart.width() : 0;
		if (width && labels.length && width / labels.length < longest * 7 && labels.every((l) => /^\d+ /.test(l))) {
			options.data = { ...options.data, labels: labels.map((l) => String(l).split(" ")[0]) };
		}
		options.smevir_axis = 1;
		if (report.chart.destroy) report.chart.destroy();
		report.render_chart(options);
	},

	/** HTML legend: one item per label with its colour and (formatted) value. */
	legend_html(labels, colors, values, format) {
		const esc = (s) => frappe.utils.escape_html(String(s == null ? "" : s));
		const items = labels.map((label, i) => {
			const value = values ? ` <b>${esc(format ? format(values[i]) : values[i])}</b>` : "";
			return `<li data-label="${esc(label)}"><span class="smevir-dot" style="background:${esc(
				colors[i % colors.length]
			)}"></span>${esc(label)}${value}</li>`;
		});
		return `<ul class="smevir-legend">${items.join("")}</ul>`;
	},
});
