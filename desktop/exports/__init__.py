"""Lists as files a spreadsheet opens: CSV and XLSX."""
