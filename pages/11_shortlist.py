"""Shortlist: CRM vendors that fit, with their reasons and a what-if."""

from crmwizard.ui import shell, shortlist_screen

shell.page("shortlist", shortlist_screen.shortlist_screen)
