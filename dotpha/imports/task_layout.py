"""The columns of a task list ("Danh sách giao việc đột phá năm …"): what each means, the header the
template writes, and the other headers offices use for it, so a file's columns can be matched to ours."""

from dataclasses import dataclass

SHEET = "Danh sách giao việc"
INSTRUCTIONS_SHEET = "Hướng dẫn"
MAX_ROWS = 10000
HEADER_SEARCH_ROWS = 15
MAX_COLUMNS = 60  # as many as the reader reads (reader.MAX_COLUMNS)


@dataclass(frozen=True)
class TaskColumn:
    key: str
    header: str  # as the template writes it
    label: str  # what the mapping step calls it
    required: bool = False
    synonyms: tuple[str, ...] = ()  # other headers meaning the same, compared without diacritics
    width: float = 16
    note: str = ""


COLUMNS = (
    TaskColumn("number", "STT", "Số thứ tự (STT)", synonyms=("TT", "Số TT", "Số thứ tự"), width=6),
    TaskColumn(
        "title",
        "Tên việc đột phá, đổi mới",
        "Tên việc",
        required=True,
        synonyms=(
            "Tên việc",
            "Nội dung việc đột phá",
            "Nội dung việc đột phá, đổi mới",
            "Việc đột phá, đổi mới",
            "Việc đột phá",
            "Nội dung công việc",
            "Nội dung",
            "Tên nhiệm vụ",
            "Nhiệm vụ",
            "Nội dung nhiệm vụ",
            "Việc được giao",
            "Công việc",
            "Tên công việc",
            "Việc khó",
        ),
        width=48,
        note="Bắt buộc",
    ),
    TaskColumn(
        "description",
        "Nội dung, giải pháp",
        "Nội dung, giải pháp thực hiện",
        synonyms=("Giải pháp", "Giải pháp thực hiện", "Cách làm", "Mô tả", "Nội dung thực hiện"),
        width=40,
        note="Để trống: lấy theo tên việc",
    ),
    TaskColumn(
        "full_name",
        "Họ và tên",
        "Họ và tên người được giao",
        required=True,
        synonyms=(
            "Họ tên",
            "Người được giao",
            "Cán bộ được giao",
            "Người thực hiện",
            "Người chịu trách nhiệm",
            "Đồng chí",
            "Cá nhân được giao",
            "Họ tên người được giao",
            "Tên cán bộ",
            "Cán bộ",
        ),
        width=24,
        note="Bắt buộc; cán bộ có trong hệ thống",
    ),
    TaskColumn(
        "position",
        "Chức vụ",
        "Chức vụ",
        synonyms=("Chức danh", "Chức vụ, đơn vị", "Chức vụ, đơn vị công tác", "Chức vụ hiện nay"),
        width=26,
        note="Để phân biệt người trùng tên",
    ),
    TaskColumn(
        "unit",
        "Đơn vị công tác",
        "Đơn vị công tác",
        synonyms=("Đơn vị", "Cơ quan", "Cơ quan, đơn vị", "Nơi công tác", "Địa phương, đơn vị"),
        width=26,
        note="Để phân biệt người trùng tên",
    ),
    TaskColumn("field", "Lĩnh vực", "Lĩnh vực", synonyms=("Lĩnh vực công tác",), width=24),
    TaskColumn("kind", "Loại việc", "Loại việc", synonyms=("Loại", "Phân loại"), width=20),
    TaskColumn(
        "start_date",
        "Ngày bắt đầu",
        "Ngày bắt đầu",
        synonyms=("Thời gian bắt đầu", "Bắt đầu", "Từ ngày"),
        width=14,
        note="Để trống: từ đầu kỳ",
    ),
    TaskColumn(
        "deadline",
        "Thời hạn hoàn thành",
        "Thời hạn hoàn thành",
        required=True,
        synonyms=(
            "Thời hạn",
            "Thời gian hoàn thành",
            "Hạn hoàn thành",
            "Thời gian thực hiện",
            "Tiến độ",
            "Tiến độ hoàn thành",
            "Mốc thời gian",
            "Đến ngày",
            "Hạn",
        ),
        width=18,
        note="Ngày, tháng, quý hoặc năm",
    ),
    TaskColumn(
        "deliverable",
        "Sản phẩm",
        "Sản phẩm, kết quả",
        synonyms=(
            "Sản phẩm cụ thể",
            "Kết quả",
            "Kết quả dự kiến",
            "Sản phẩm, kết quả",
            "Sản phẩm đầu ra",
            "Kết quả cần đạt",
            "Hiệu quả",
        ),
        width=32,
    ),
    TaskColumn(
        "target",
        "Chỉ tiêu",
        "Chỉ tiêu",
        synonyms=("Chỉ tiêu cụ thể", "Mục tiêu", "Chỉ tiêu, mục tiêu"),
        width=22,
        note="Ví dụ: 13 nhà; 100%",
    ),
)
KEYS = tuple(c.key for c in COLUMNS)
BY_KEY = {c.key: c for c in COLUMNS}
REQUIRED = tuple(c.key for c in COLUMNS if c.required)
