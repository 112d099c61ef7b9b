"""Reporting for BI tools (docs/reporting.md): the main facts defined once (`facts`), served two ways.

- `schema`: a PostgreSQL schema `reporting` of read-only views over those facts, and one role per organization
  that sees through them only its rows and the rows lent to it by shares in force (`manage.py reporting_schema`);
- `exports`: the same facts, with the same columns and rows, written per organization as CSV and Parquet files
  by a scheduled job (`analytics.reporting_export`) or `manage.py reporting_export`.
"""
