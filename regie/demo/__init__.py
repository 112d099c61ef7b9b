"""The demo agglomeration: a deterministic, realistic data set built by `manage.py demo` (see docs/demo.md).

This app is the runner every app's demo shares and names none of them: `generator` (the `Demo` context, the
steps registered with `demo_step`, the discovery of each app's `regie/<app>/demo` module or package),
`organizations` (its own first step: the demo organizations), `bulk` (the table writer large steps share),
`cleanup` (the reset), `report` (what the command prints, gathered from the apps' demo modules), and `data`
(the shared specs: the organizations, their departments, the people's names).
"""
