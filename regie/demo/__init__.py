"""The demo agglomeration: a deterministic, realistic data set built by `manage.py demo` (see docs/demo.md).

`generator` holds the build (a list of steps), `bulk` the table writer large steps share, `cleanup` the reset,
`accounts` the demo logins; `people` and `data` the workforce steps and their catalogues. Later modules add their
own steps with `regie.demo.generator.demo_step` in a `demo` module or package of their app, discovered at build
time.
"""
