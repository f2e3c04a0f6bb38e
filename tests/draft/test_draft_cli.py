"""`qualpolicy draft`: a plan document of any format, from a path or standard input, becomes
a draft plan file that validate reads; what the text does not give is left empty and named."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.documents.builders import docx, paragraph, run, table
from tests.helpers import Run, explain

TEXTS = Path(__file__).parent / "texts"
FIXTURES = Path(__file__).parents[1] / "documents" / "fixtures"
ANNEX = TEXTS / "gansu_annex.txt"
TARGET_FIELDS = {
    "metric", "kind", "value", "comparator", "unit", "unit_text", "year", "base_year",
    "change", "hedge", "held", "per_year", "new_only", "cumulative", "quote",
}  # fmt: skip


def drafted(run: Run, *args: str, **kwargs: Any) -> dict[str, Any]:
    result = run("draft", *args, "--format", "json", **kwargs)
    assert result.exit_code == 0, explain(result)
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_a_text_file_becomes_a_plan_file_validate_reads(run: Run, tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "plans").mkdir(parents=True)
    (data / "sources").mkdir()
    shutil.copy(ANNEX, data / "sources" / "gansu_test.txt")
    out = data / "plans" / "gansu_test.yaml"
    result = run("draft", str(ANNEX), "--id", "gansu_test", "-o", str(out))
    assert result.exit_code == 0, explain(result)
    plan = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert (plan["id"], plan["region"], plan["level"]) == ("gansu_test", "甘肃省", "province")
    assert plan["title"] == "甘肃省推进质量强省建设三年行动方案（2024—2026年）"
    assert plan["issued"] == "2024-01-18"
    assert plan["source"] == {"file": "gansu_test.txt"}
    index = next(
        t
        for t in plan["targets"]
        if t["metric"] == "制造业质量竞争力指数" and t.get("year") == 2026
    )
    assert (index["value"], index["comparator"]) == (86, "eq")
    text = out.read_text(encoding="utf-8")
    assert "# Left for you (the text does not give it): issuer, document_number." in text
    assert "# table 1, row 2 · " in text or "# line 16 · " in text  # each entry says where
    checked = run("validate", str(out), "--format", "json")
    findings = json.loads(checked.stdout)
    errors = {(f["code"], f["path"]) for f in findings if f["severity"] == "error"}
    assert errors == {("empty-text", "issuer")}, findings  # only what the text does not give


def test_json_carries_each_entry_with_its_match_place_and_review(run: Run) -> None:
    data = drafted(run, str(ANNEX))
    assert set(data) == {"plan", "document", "targets", "skipped"}
    assert data["plan"]["id"] == "gansu_annex"  # the file's name is an id already
    assert data["plan"]["missing"] == ["issuer", "document_number"]
    first = data["targets"][0]
    assert set(first) >= TARGET_FIELDS
    assert set(first["match"]) == {"metric", "rule", "confidence"}
    assert first["where"].startswith("line ")
    reviewed = [t for t in data["targets"] if t["review"]]
    assert reviewed, "the reader says where it guessed"
    assert {s["why"] for s in data["skipped"]}  # the numbers passed over, with reasons


def html_page() -> bytes:
    lines = ANNEX.read_text(encoding="utf-8").splitlines()
    body = "".join(f"<p>{line}</p>" for line in lines[:12])
    rows = "".join(
        "<tr>" + "".join(f"<td>{cell}</td>" for cell in line.split("\t")) + "</tr>"
        for line in lines[13:26]
    )
    page = (
        "<!doctype html><html><head><meta charset='gb18030'><title>甘肃省推进质量强省建设三年"
        "行动方案（2024—2026年）</title></head><body><nav>首页 | 政务公开 | 网站地图</nav>"
        f"<div class='article'>{body}<table>{rows}</table></div>"
        "<footer>主办单位：某某 ICP备12345678号 联系电话：0931-1234567 访问量：123456</footer>"
        "</body></html>"
    )
    return page.encode("gb18030")


def test_an_html_page_in_gbk_keeps_its_table_rows_apart(run: Run, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(html_page())
    data = drafted(run, str(page))
    assert data["document"]["format"] == "html"
    places = {t["where"].split(",")[0] for t in data["targets"]}
    assert {"table 1"} <= places and any(p.startswith("paragraph") for p in places)
    values = {(t["metric"], t["value"]) for t in data["targets"]}
    assert ("制造业质量竞争力指数", 86) in values
    assert not any("0931" in t["quote"] for t in data["targets"])  # the footer is not read


def test_a_docx_with_an_annex_table(run: Run, tmp_path: Path) -> None:
    lines = ANNEX.read_text(encoding="utf-8").splitlines()
    body = "".join(paragraph(run_(line)) for line in lines[:12])
    body += table(line.split("\t") for line in lines[13:26])
    path = tmp_path / "plan.docx"
    path.write_bytes(docx(body))
    data = drafted(run, str(path))
    assert data["document"]["format"] == "docx"
    assert any(t["where"].startswith("table 1, row") for t in data["targets"])
    assert any(t["value"] == 50 and t["new_only"] for t in data["targets"])  # 新培育…50个


def run_(text: str) -> str:
    return run(text)


def test_a_pdf_with_broken_lines(run: Run) -> None:
    data = drafted(run, str(FIXTURES / "plan.pdf"))
    assert data["document"]["format"] == "pdf"
    assert data["targets"] and all(t["where"].startswith("page ") for t in data["targets"])


def test_standard_input(run: Run) -> None:
    data = drafted(run, "-", input=ANNEX.read_bytes())
    assert data["document"]["name"] == "-"
    assert len(data["targets"]) > 20


def test_an_existing_file_is_kept_without_force(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    out.write_text("mine\n", encoding="utf-8")
    kept = run("draft", str(ANNEX), "-o", str(out))
    assert kept.exit_code == 1 and "exists already" in kept.stderr
    assert out.read_text(encoding="utf-8") == "mine\n"
    replaced = run("draft", str(ANNEX), "-o", str(out), "--force")
    assert replaced.exit_code == 0, explain(replaced)
    assert out.read_text(encoding="utf-8").startswith("# yaml-language-server")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "the file is empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old binary Word .doc"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG image"),
        ((FIXTURES / "scanned.pdf").read_bytes(), "no text layer"),
        ((FIXTURES / "encrypted.pdf").read_bytes(), "password"),
    ],
    ids=["empty", "doc", "png", "scanned", "encrypted"],
)
def test_bad_input_is_a_clear_error(run: Run, tmp_path: Path, content: bytes, says: str) -> None:
    path = tmp_path / "plan.bin"
    path.write_bytes(content)
    result = run("draft", str(path))
    assert result.exit_code == 1, explain(result)
    assert says in result.stderr and str(path) in result.stderr
    assert "hint:" in result.stderr and "Traceback" not in result.stderr
