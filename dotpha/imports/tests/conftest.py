import pytest

from dotpha.imports.tests.workbooks import cadre, excel_datetime, org_workbook, unit

JULY_1 = excel_datetime(2025, 7, 1)


def valid_units() -> list[dict]:
    return [
        unit("P-SNV", "Sở Nội vụ", "P-UBND", "department"),  # already there, unchanged
        unit("P-X3", "Xã Hòa An", "P", "Xã", valid_from=JULY_1),
        unit(
            "P-X3-DU", "Đảng ủy xã Hòa An", "P-X3", "party_committee", level="Cấp xã", valid_from="01/07/2025"
        ),
        unit("P-SNV-VP", "Văn phòng Sở Nội vụ", "P-SNV", "van phong", level="cap tinh"),
    ]


def valid_cadres() -> list[dict]:
    return [
        cadre(
            "C001",
            "Trần Văn An",
            "Nam",
            birth_year=1980,
            is_party_member="Có",
            phone="0912 345 678",
            email="an.tv@thunghiem.gov.vn",
            unit_code="P-X3-DU",
            position="Bí thư Đảng ủy",
            start_date=JULY_1,
            managing_unit_code="P-BTV",
        ),
        # the same cadre also chairs the commune's people's committee: a second row, personal columns blank
        cadre("C001", unit_code="P-X3", position="Chủ tịch UBND", start_date="01/07/2025"),
        cadre(
            "C002",
            "Nguyễn Thị Bình",
            "nữ",
            birth_year="1990",
            is_party_member="Không",
            unit_code="P-SNV-VP",
            position="Chánh Văn phòng",
            start_date="15/08/2025",
            managing_unit_code="P-SNV",
        ),
    ]


@pytest.fixture
def valid_file() -> bytes:
    return org_workbook(valid_units(), valid_cadres())
