"""Start: what the wizard does, the company profile."""

from crmwizard.ui import screens

screens.start_screen()
