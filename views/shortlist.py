"""Shortlist: CRM vendors that fit, with their reasons and a what-if."""

from crmwizard.ui import shortlist_screen

shortlist_screen.shortlist_screen()
