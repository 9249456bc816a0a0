"""The reports feature: public figures read from the summary tables, and the reports
built from them.

* :mod:`~app.services.reports.query` — :class:`ResultQuery`, the summed, withheld and
  consensus frames, suppressed figures and distributions (every output's one source);
* :mod:`~app.services.reports.tables` — public columns, names in the reader's
  language, sectors;
* :mod:`~app.services.reports.national`, :mod:`~app.services.reports.aimag`,
  :mod:`~app.services.reports.facility` — one report shape per scope, read by its
  page, downloads and (for an aimag) the PDF;
* :mod:`~app.services.reports.pdf` — the aimag report as a PDF;
* :mod:`~app.services.reports.charts` — chart figures of the report tables;
* :mod:`~app.services.reports.cache` — the per-process cache keyed by data version,
  holding plain values only;
* :mod:`~app.services.reports.round_scores` — a round's live answer counts per side,
  indicator and value (the interface meeting and the projector).

The pure maths (marginal cells, people counts, suppression, the meeting figures, the
community-against-provider chart) lives in :mod:`scorecards`.
"""
