"""Proposals: integrators' quotes compared with each other and with our estimate."""

from crmwizard.ui import proposals_screen, shell

shell.page("proposals", proposals_screen.proposals_screen)
