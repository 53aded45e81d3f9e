"""Plan: the plan-schedule as a Gantt chart, its tasks, costs and the budget check."""

from crmwizard.ui import plan_screen

plan_screen.plan_screen()
