"""Reading uploaded tables: delimiter and encoding detection, XLSX."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from regie.imports.reading import read_table


def test_semicolon_windows_1252_with_accents():
    data = "Matricule;Nom;Prénom\r\nA001;Dupré;Élodie\r\n".encode("cp1252")
    table = read_table(data, "rh.csv")
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    assert table.headers == ["Matricule", "Nom", "Prénom"]
    assert table.rows == [(2, ["A001", "Dupré", "Élodie"])]


def test_comma_utf8_with_bom_and_quoted_delimiter():
    data = '\ufeffmatricule,nom,compétences\nA002,"Martin, Jr",PLB\n'.encode()
    table = read_table(data, "export.csv")
    assert (table.encoding, table.delimiter) == ("utf-8-sig", ",")
    assert table.headers[0] == "matricule"  # the BOM is not part of the first title
    assert table.rows == [(2, ["A002", "Martin, Jr", "PLB"])]


def test_tab_separated_utf8_and_blank_lines_skipped_with_their_numbers_kept():
    data = "matricule\tnom\tprénom\n\nA003\tLeroy\tZoé\n".encode()
    table = read_table(data, "export.txt")
    assert (table.encoding, table.delimiter) == ("utf-8", "\t")
    assert table.rows == [(3, ["A003", "Leroy", "Zoé"])]


def test_pipe_separated():
    table = read_table(b"matricule|nom|prenom\nA004|Petit|Luc\n", "x.csv")
    assert table.delimiter == "|"


def test_xlsx_first_sheet_read_only():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Matricule", "Nom", "Prénom", "Heures", None])
    sheet.append(["A005", "Moreau", "Élodie", 35, None])
    sheet.append([None, None, None, None, None])
    sheet.append([1234, "Roux", "Léa", 17.5, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "rh.xlsx")
    assert table.headers == ["Matricule", "Nom", "Prénom", "Heures"]
    assert table.rows == [(2, ["A005", "Moreau", "Élodie", "35", ""]), (4, ["1234", "Roux", "Léa", "17.5", ""])]


@pytest.mark.parametrize(
    ("data", "name"),
    [(b"", "empty.csv"), (b"PK\x03\x04 not really a zip", "broken.xlsx")],
)
def test_unreadable_files_are_a_message_not_a_crash(data, name):
    with pytest.raises(ValidationError):
        read_table(data, name)
