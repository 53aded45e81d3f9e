"""Consultant workspace: saved assessments behind a passcode."""

from crmwizard.ui import workspace_screen

workspace_screen.workspace_screen()
