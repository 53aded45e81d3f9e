"""PDF documents built natively with reportlab: the summary report and the integrator brief."""

from crmwizard.report.brief import brief_pdf
from crmwizard.report.summary import summary_pdf

__all__ = ["brief_pdf", "summary_pdf"]
