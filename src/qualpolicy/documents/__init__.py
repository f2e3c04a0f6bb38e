"""Reading plan documents (plain text, HTML, Word, PDF) into text blocks with locations."""
