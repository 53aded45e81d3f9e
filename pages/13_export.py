"""Export: documents to download, JSON in and out, deleting my data."""

from crmwizard.ui import export_screen, shell

shell.page("export", export_screen.export_screen)
