"""The only code that imports MkDocs: settings, the hook, the fast speech pages, the CLI build."""
