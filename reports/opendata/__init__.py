"""Open data in and out (DESIGN.md section 6).

Pure reading and writing of the two formats lives in this package's plain modules
(``headers``, ``sources``, ``council``, ``tidy``, ``writers``); they know nothing of the
database. ``importer`` and ``exporter`` are the services that apply a read file to the
database and read the database into a file.
"""
