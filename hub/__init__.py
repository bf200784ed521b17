"""The Performance Hub: guidance pages in Markdown with their history, the library
of metric definitions, and each person's dashboards."""
