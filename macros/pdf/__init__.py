"""Every worksheet and workshop pack as a PDF: plan, cache, render with WeasyPrint."""
