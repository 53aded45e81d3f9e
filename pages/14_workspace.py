"""Consultant workspace: saved assessments; the shell says "not found" without the passcode."""

from crmwizard.ui import shell, workspace_screen

shell.page("workspace", workspace_screen.workspace_screen)
