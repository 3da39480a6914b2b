"""The two sheets of the unit and cadre import: their names and columns, shared by the template writer and
the parser so the file we hand out is the file we read back."""

from dotpha.imports.reader import Column

UNIT_SHEET = "Đơn vị"
CADRE_SHEET = "Cán bộ"
INSTRUCTIONS_SHEET = "Hướng dẫn"
MAX_ROWS = 5000
FIRST_BIRTH_YEAR = 1940

UNIT_COLUMNS = (
    Column("code", "Mã đơn vị", required=True, width=16, note="Bắt buộc, không trùng"),
    Column("name", "Tên đơn vị", required=True, aliases=("Tên",), width=40, note="Bắt buộc"),
    Column(
        "parent_code",
        "Mã đơn vị cấp trên",
        required=True,
        aliases=("Mã cấp trên",),
        width=18,
        note="Để trống nếu là đơn vị gốc",
    ),
    Column(
        "kind", "Loại đơn vị", required=True, aliases=("Loại",), width=28, note="Mã hoặc tên trong danh mục"
    ),
    Column("level", "Cấp", width=16, note="Để trống: theo loại đơn vị"),
    Column("valid_from", "Hiệu lực từ ngày", aliases=("Từ ngày",), width=16, note="dd/mm/yyyy"),
    Column("valid_to", "Hiệu lực đến ngày", aliases=("Đến ngày",), width=16, note="dd/mm/yyyy"),
)

CADRE_COLUMNS = (
    Column("code", "Mã cán bộ", required=True, width=14, note="Bắt buộc"),
    Column("full_name", "Họ và tên", required=True, aliases=("Họ tên",), width=28, note="Bắt buộc"),
    Column("gender", "Giới tính", required=True, width=10, note="Nam hoặc Nữ"),
    Column("birth_year", "Năm sinh", width=10, note="Từ 1940"),
    Column("is_party_member", "Đảng viên", width=11, note="Có hoặc Không (trống là Có)"),
    Column("phone", "Điện thoại", aliases=("Số điện thoại",), width=14),
    Column("email", "Thư điện tử", aliases=("Email", "E-mail"), width=26),
    Column("unit_code", "Mã đơn vị công tác", width=18, note="Cùng Chức danh, Từ ngày"),
    Column("position", "Chức danh", aliases=("Chức vụ",), width=24),
    Column("start_date", "Từ ngày", aliases=("Ngày bắt đầu",), width=13, note="dd/mm/yyyy"),
    Column("managing_unit_code", "Mã đơn vị quản lý", aliases=("Mã cấp quản lý",), width=18),
)


def header_of(columns: tuple[Column, ...], key: str) -> str:
    return next(c.header for c in columns if c.key == key)
