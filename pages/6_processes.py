"""Business processes and specification (steps 7 and 8)."""

from crmwizard.ui import process_screen, shell

shell.page("processes", process_screen.processes_screen)
