"""The rooms of the article reader: one job each, put together by :mod:`brreader.parse`.

``marks`` (labels, question marks, escapes, paragraphs), ``header`` (outlet,
headline, dateline), ``people`` (who was interviewed), ``labelled`` (the
``Q:``/``A:`` transcript), ``turns`` (speaker labels learned from the text
and who asks), ``layouts`` (dash dialogue, numbered and same-line questions)
and ``judge`` (whether a text is an interview at all). Kept apart so each
rule can be read and tested alone and no module grows past a few hundred lines.
"""
