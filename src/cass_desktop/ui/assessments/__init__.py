"""The assessment screens: the form screen, results and needs, the package of support, the tab."""
