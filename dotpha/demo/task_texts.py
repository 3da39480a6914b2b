"""The words of the demo's tasks: titles, contents, products, targets and milestones per field of work, and
what people write along the way (reports, obstacles, answers, comments). Taken from the practice the
source articles describe (Tuyên Quang 30-QĐ/TU, Hải Dương 30-KH/TU, Bắc Giang's "việc khó").

A title may use {xa} and {xa2} (place names), {n} (the target value), {don_vi} (the cadre's unit) and
{nam} (the year).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Template:
    field: str
    title: str
    description: str
    deliverable: str
    # (name, unit of measure, lowest, highest): the measurable result, {n} in the title
    target: tuple[str, str, int, int] | None = None
    milestones: tuple[str, ...] = (
        "Xây dựng kế hoạch, phân công nhiệm vụ cụ thể",
        "Triển khai, kiểm điểm tiến độ giữa kỳ",
        "Hoàn thành, tổng kết, báo cáo kết quả",
    )
    kind: str = "breakthrough"
    # only for cadres whose unit name contains one of these (empty: anyone of the field)
    units: tuple[str, ...] = ()
    # "province": provincial agencies and leaders; "local": districts and communes; "any"
    scope: str = "any"


T = Template

TEMPLATES: tuple[Template, ...] = (
    # Giải phóng mặt bằng
    T(
        "giai-phong-mat-bang",
        "Hoàn thành giải phóng mặt bằng dự án đường nối {xa} – {xa2}",
        "Chủ trì tuyên truyền, vận động nhân dân; giải quyết dứt điểm vướng mắc về bồi thường, hỗ trợ, tái "
        "định cư; bàn giao mặt bằng sạch cho chủ đầu tư đúng tiến độ.",
        "Biên bản bàn giao toàn bộ mặt bằng sạch cho chủ đầu tư dự án.",
        ("Diện tích mặt bằng đã bàn giao", "ha", 8, 45),
        (
            "Hoàn thành kiểm đếm, lập phương án bồi thường",
            "Chi trả tiền bồi thường, hỗ trợ cho các hộ",
            "Bàn giao toàn bộ mặt bằng cho chủ đầu tư",
        ),
    ),
    T(
        "giai-phong-mat-bang",
        "Giải quyết dứt điểm {n} hộ chưa bàn giao mặt bằng Khu công nghiệp {xa}",
        "Thành lập tổ công tác, đối thoại trực tiếp với từng hộ; xem xét chính sách hỗ trợ đặc thù; tổ chức "
        "cưỡng chế theo quy định đối với trường hợp cố tình không chấp hành.",
        "Mặt bằng Khu công nghiệp được bàn giao cho nhà đầu tư hạ tầng.",
        ("Hộ đã bàn giao mặt bằng", "hộ", 12, 60),
        (
            "Đối thoại với các hộ, hoàn thiện hồ sơ",
            "Phê duyệt, chi trả bồi thường bổ sung",
            "Bàn giao mặt bằng cho nhà đầu tư",
        ),
        kind="difficult",
    ),
    T(
        "giai-phong-mat-bang",
        "Giải quyết các điểm nóng giải phóng mặt bằng dự án mở rộng khu xử lý rác thải {xa}",
        "Trực tiếp chỉ đạo giải quyết các điểm nóng, kiến nghị kéo dài; phối hợp các ngành rà soát nguồn gốc "
        "đất, áp dụng đúng chính sách; bảo đảm an ninh trật tự trong quá trình thực hiện.",
        "Các điểm nóng được giải quyết dứt điểm, dự án triển khai đúng kế hoạch.",
        ("Điểm nóng được giải quyết", "điểm", 3, 8),
        kind="difficult",
    ),
    T(
        "giai-phong-mat-bang",
        "Bàn giao mặt bằng sạch dự án Khu đô thị mới {xa} trước thời hạn",
        "Đẩy nhanh công tác kiểm đếm, xác định nguồn gốc đất; bố trí quỹ đất tái định cư; huy động hệ thống "
        "chính trị cơ sở vào cuộc vận động nhân dân.",
        "Mặt bằng sạch bàn giao cho chủ đầu tư.",
        ("Diện tích mặt bằng đã bàn giao", "ha", 10, 60),
        scope="local",
    ),
    # Chuyển đổi số
    T(
        "chuyen-doi-so",
        "Chuyển đổi số 100% hồ sơ thủ tục hành chính thuộc thẩm quyền giải quyết của {don_vi}",
        "Rà soát, chuẩn hóa quy trình; số hóa hồ sơ, kết quả giải quyết thủ tục hành chính; tái sử dụng dữ "
        "liệu đã số hóa, không yêu cầu người dân nộp lại giấy tờ đã có.",
        "100% hồ sơ thủ tục hành chính được số hóa, lưu trữ trên Hệ thống thông tin giải quyết thủ tục hành "
        "chính của tỉnh.",
        ("Tỷ lệ hồ sơ được số hóa", "%", 100, 100),
        (
            "Rà soát, thống kê hồ sơ, thủ tục",
            "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
            "Vận hành, đánh giá kết quả",
        ),
        scope="province",
    ),
    T(
        "chuyen-doi-so",
        "Đưa {n} thủ tục hành chính lên cung cấp dịch vụ công trực tuyến toàn trình",
        "Tái cấu trúc quy trình, tích hợp thanh toán trực tuyến; hướng dẫn người dân, doanh nghiệp sử dụng; "
        "đánh giá mức độ hài lòng.",
        "Các thủ tục được cung cấp trực tuyến toàn trình trên Cổng dịch vụ công.",
        ("Thủ tục trực tuyến toàn trình", "thủ tục", 20, 120),
        scope="province",
    ),
    T(
        "chuyen-doi-so",
        "Triển khai bệnh án điện tử tại {n} bệnh viện tuyến tỉnh",
        "Đầu tư hạ tầng, phần mềm; đào tạo nhân viên y tế; kết nối liên thông dữ liệu khám chữa bệnh.",
        "Bệnh án điện tử được triển khai, thay thế bệnh án giấy.",
        ("Bệnh viện triển khai bệnh án điện tử", "bệnh viện", 3, 9),
        units=("Y tế",),
    ),
    T(
        "chuyen-doi-so",
        "Làm sạch dữ liệu dân cư, kích hoạt {n} tài khoản định danh điện tử mức độ 2",
        "Triển khai Đề án 06: làm sạch dữ liệu dân cư, cấp căn cước, kích hoạt định danh điện tử tại cơ sở "
        "theo phương châm đúng, đủ, sạch, sống.",
        "Dữ liệu dân cư được làm sạch, tài khoản định danh điện tử được kích hoạt.",
        ("Tài khoản định danh điện tử được kích hoạt", "tài khoản", 20000, 90000),
        units=("Công an",),
    ),
    T(
        "chuyen-doi-so",
        "Xây dựng cơ sở dữ liệu chuyên ngành của {don_vi}, kết nối nền tảng dữ liệu dùng chung của tỉnh",
        "Chuẩn hóa dữ liệu, xây dựng phần mềm quản lý; kết nối, chia sẻ dữ liệu qua nền tảng tích hợp của "
        "tỉnh; bảo đảm an toàn thông tin.",
        "Cơ sở dữ liệu chuyên ngành vận hành, kết nối với nền tảng dữ liệu dùng chung.",
        None,
        (
            "Khảo sát, xây dựng yêu cầu dữ liệu",
            "Nhập, chuẩn hóa dữ liệu",
            "Kết nối, đưa vào vận hành chính thức",
        ),
        scope="province",
    ),
    T(
        "chuyen-doi-so",
        "Số hóa {n} hồ sơ, tài liệu lưu trữ lịch sử của {don_vi}",
        "Chỉnh lý, phân loại tài liệu; số hóa và đưa vào cơ sở dữ liệu lưu trữ điện tử; phục vụ khai thác "
        "trực tuyến.",
        "Hồ sơ, tài liệu được số hóa, khai thác trên cơ sở dữ liệu lưu trữ.",
        ("Hồ sơ được số hóa", "hồ sơ", 5000, 30000),
        scope="province",
    ),
    T(
        "chuyen-doi-so",
        "Chuyển đổi số 100% hồ sơ hộ tịch của xã {xa}",
        "Số hóa sổ hộ tịch từ năm 1990 đến nay; cập nhật vào cơ sở dữ liệu hộ tịch điện tử; hướng dẫn người "
        "dân đăng ký hộ tịch trực tuyến.",
        "Toàn bộ sổ hộ tịch được số hóa, khai thác trên cơ sở dữ liệu hộ tịch điện tử.",
        ("Tỷ lệ sổ hộ tịch được số hóa", "%", 100, 100),
        scope="local",
    ),
    # Nông thôn mới
    T(
        "nong-thon-moi",
        "Xây dựng xã {xa} đạt chuẩn nông thôn mới nâng cao",
        "Rà soát các tiêu chí chưa đạt; huy động nguồn lực xã hội hóa; phân công thành viên Ban Chỉ đạo phụ "
        "trách từng tiêu chí; hoàn thiện hồ sơ đề nghị công nhận.",
        "Quyết định công nhận xã đạt chuẩn nông thôn mới nâng cao.",
        ("Tiêu chí nông thôn mới nâng cao đạt được", "tiêu chí", 19, 19),
        (
            "Rà soát, đánh giá thực trạng các tiêu chí",
            "Hoàn thành các tiêu chí còn thiếu",
            "Hoàn thiện hồ sơ đề nghị công nhận",
        ),
    ),
    T(
        "nong-thon-moi",
        "Xây dựng {n} thôn đạt chuẩn nông thôn mới kiểu mẫu tại xã {xa}",
        "Chọn thôn làm điểm, hướng dẫn xây dựng tiêu chí; phát huy vai trò chủ thể của nhân dân; vận động "
        "hiến "
        "đất, ngày công.",
        "Các thôn được công nhận đạt chuẩn nông thôn mới kiểu mẫu.",
        ("Thôn đạt chuẩn kiểu mẫu", "thôn", 2, 5),
    ),
    T(
        "nong-thon-moi",
        "Cứng hóa {n} km đường giao thông nông thôn tại xã {xa}",
        "Hỗ trợ xi măng, vận động nhân dân hiến đất, góp ngày công; giám sát cộng đồng chất lượng công "
        "trình.",
        "Các tuyến đường được cứng hóa, đưa vào sử dụng.",
        ("Đường giao thông được cứng hóa", "km", 5, 25),
        scope="local",
    ),
    # Giảm nghèo
    T(
        "giam-ngheo",
        "Giảm {n} hộ nghèo trên địa bàn xã {xa}, vượt chỉ tiêu Nghị quyết",
        "Rà soát nguyên nhân nghèo của từng hộ; phân công đảng viên giúp đỡ hộ nghèo; lồng ghép các chương "
        "trình hỗ trợ sinh kế, vốn vay, đào tạo nghề.",
        "Danh sách hộ thoát nghèo được công nhận.",
        ("Hộ thoát nghèo", "hộ", 30, 150),
        scope="local",
    ),
    T(
        "giam-ngheo",
        "Hỗ trợ vốn vay cho {n} hộ nghèo, cận nghèo phát triển sản xuất",
        "Phối hợp Ngân hàng Chính sách xã hội và các đoàn thể; hướng dẫn xây dựng phương án sản xuất; giám "
        "sát "
        "sử dụng vốn đúng mục đích.",
        "Các hộ được vay vốn, có phương án sản xuất hiệu quả.",
        ("Hộ được vay vốn", "hộ", 100, 600),
    ),
    T(
        "giam-ngheo",
        "Phát triển {n} ha chè Shan tuyết gắn với giảm nghèo tại xã {xa}",
        "Hỗ trợ giống, kỹ thuật; liên kết doanh nghiệp bao tiêu sản phẩm; vận động nhân dân thôn vùng cao "
        "tham gia.",
        "Diện tích chè Shan tuyết mới được trồng và chăm sóc.",
        ("Diện tích chè trồng mới", "ha", 20, 80),
        scope="local",
    ),
    # Xóa nhà tạm
    T(
        "nha-o-ho-ngheo",
        "Xóa {n} nhà tạm, nhà dột nát cho hộ nghèo xã {xa}",
        "Coi mỗi ngôi nhà như một dự án: rõ mức đầu tư, thời gian khởi công, hoàn thành; huy động các nguồn "
        "lực, tạm ứng kinh phí hỗ trợ; đoàn thể hỗ trợ ngày công.",
        "Nhà mới bàn giao cho các hộ nghèo.",
        ("Nhà tạm được xóa", "nhà", 8, 40),
        (
            "Rà soát, lập danh sách hộ và phương án hỗ trợ",
            "Khởi công xây dựng các nhà",
            "Bàn giao nhà mới cho các hộ",
        ),
    ),
    T(
        "nha-o-ho-ngheo",
        "Vận động xã hội hóa xây dựng {n} nhà Đại đoàn kết cho hộ nghèo",
        "Vận động doanh nghiệp, nhà hảo tâm ủng hộ Quỹ Vì người nghèo; phối hợp chính quyền cơ sở lựa chọn "
        "hộ "
        "được hỗ trợ, giám sát xây dựng.",
        "Nhà Đại đoàn kết bàn giao cho các hộ nghèo.",
        ("Nhà Đại đoàn kết được xây dựng", "nhà", 20, 120),
        scope="province",
    ),
    # Phát triển đảng viên
    T(
        "phat-trien-dang-vien",
        "Kết nạp {n} đảng viên mới, chú trọng đảng viên là người dân tộc thiểu số",
        "Tạo nguồn từ đoàn viên, hội viên ưu tú; mở lớp bồi dưỡng nhận thức về Đảng; phân công đảng viên "
        "chính thức giúp đỡ quần chúng phấn đấu.",
        "Quyết định kết nạp đảng viên mới.",
        ("Đảng viên mới được kết nạp", "đảng viên", 15, 60),
        (
            "Rà soát, lập danh sách nguồn kết nạp",
            "Mở lớp bồi dưỡng nhận thức về Đảng",
            "Hoàn thành kết nạp, báo cáo kết quả",
        ),
    ),
    T(
        "phat-trien-dang-vien",
        "Xóa thôn chưa có chi bộ, chưa có đảng viên tại xã {xa}",
        "Điều động đảng viên về sinh hoạt, tạo nguồn tại chỗ; kết nạp đảng viên, thành lập chi bộ thôn.",
        "Quyết định thành lập chi bộ thôn.",
        ("Thôn được thành lập chi bộ", "thôn", 1, 4),
        kind="difficult",
        scope="local",
    ),
    T(
        "phat-trien-dang-vien",
        "Kết nạp {n} đảng viên là chủ doanh nghiệp, người lao động trong doanh nghiệp tư nhân",
        "Khảo sát doanh nghiệp chưa có tổ chức đảng; vận động thành lập tổ chức đảng; bồi dưỡng, kết nạp "
        "đảng viên.",
        "Quyết định kết nạp đảng viên; tổ chức đảng trong doanh nghiệp được thành lập.",
        ("Đảng viên mới trong doanh nghiệp", "đảng viên", 5, 20),
        scope="province",
    ),
    # Sinh hoạt chi bộ
    T(
        "sinh-hoat-chi-bo",
        "Nâng cao chất lượng sinh hoạt chi bộ: 100% chi bộ sinh hoạt chuyên đề ít nhất mỗi quý một lần",
        "Hướng dẫn nội dung sinh hoạt chuyên đề; dự sinh hoạt chi bộ định kỳ; đánh giá, rút kinh nghiệm "
        "từng chi bộ.",
        "Chi bộ sinh hoạt chuyên đề định kỳ, nền nếp.",
        ("Chi bộ sinh hoạt chuyên đề định kỳ", "%", 100, 100),
    ),
    T(
        "sinh-hoat-chi-bo",
        "Xây dựng {n} mô hình chi bộ kiểu mẫu",
        "Chọn chi bộ làm điểm; xây dựng tiêu chí chi bộ kiểu mẫu; tổng kết, nhân rộng mô hình.",
        "Mô hình chi bộ kiểu mẫu được công nhận, nhân rộng.",
        ("Chi bộ kiểu mẫu", "chi bộ", 3, 12),
    ),
    # Xây dựng Đảng
    T(
        "xay-dung-dang",
        "Kiểm tra, giám sát {n} tổ chức đảng, đảng viên có dấu hiệu vi phạm",
        "Chủ động phát hiện qua giám sát thường xuyên, đơn thư, dư luận; kết luận rõ ràng, xử lý nghiêm vi "
        "phạm.",
        "Kết luận kiểm tra, xử lý vi phạm theo quy định.",
        ("Cuộc kiểm tra khi có dấu hiệu vi phạm", "cuộc", 10, 30),
        units=("Kiểm tra",),
    ),
    T(
        "xay-dung-dang",
        "Giải quyết dứt điểm {n} đơn thư khiếu nại, tố cáo tồn đọng, kéo dài",
        "Rà soát từng vụ việc; đối thoại, tiếp công dân; phối hợp các cơ quan chức năng giải quyết dứt điểm.",
        "Các vụ việc được giải quyết, không phát sinh điểm nóng.",
        ("Đơn thư tồn đọng được giải quyết", "đơn", 10, 40),
        kind="difficult",
    ),
    T(
        "xay-dung-dang",
        "Đổi mới công tác tuyên truyền, xây dựng đội ngũ báo cáo viên cơ sở",
        "Bồi dưỡng kỹ năng cho báo cáo viên; ứng dụng mạng xã hội trong tuyên truyền; đấu tranh phản bác "
        "quan điểm sai trái.",
        "Đội ngũ báo cáo viên được kiện toàn, bồi dưỡng; các trang tin tuyên truyền hoạt động hiệu quả.",
        ("Báo cáo viên được bồi dưỡng", "người", 50, 200),
        units=("Tuyên giáo", "Trường Chính trị", "Phát thanh", "Tỉnh ủy"),
    ),
    # Cải cách hành chính
    T(
        "cai-cach-hanh-chinh",
        "Rút ngắn {n}% thời gian giải quyết thủ tục hành chính thuộc thẩm quyền của {don_vi}",
        "Rà soát, đơn giản hóa thủ tục; phân cấp, ủy quyền giải quyết; công khai tiến độ giải quyết hồ sơ.",
        "Quyết định công bố thủ tục hành chính với thời gian giải quyết được rút ngắn.",
        ("Thời gian giải quyết được rút ngắn", "%", 20, 40),
        scope="province",
    ),
    T(
        "cai-cach-hanh-chinh",
        "Nâng Chỉ số cải cách hành chính (PAR INDEX) của tỉnh tăng {n} bậc",
        "Phân tích các chỉ số thành phần còn thấp; giao trách nhiệm cho từng cơ quan; kiểm tra công vụ đột "
        "xuất.",
        "Kết quả xếp hạng PAR INDEX của tỉnh.",
        ("Số bậc tăng", "bậc", 3, 10),
        units=("Nội vụ", "Văn phòng UBND", "Chủ tịch UBND"),
    ),
    T(
        "cai-cach-hanh-chinh",
        "Nâng cao chất lượng hoạt động chất vấn tại các kỳ họp HĐND tỉnh",
        "Đổi mới cách lựa chọn nhóm vấn đề chất vấn; tổ chức chất vấn theo chuyên đề; theo dõi việc thực "
        "hiện "
        "lời hứa sau chất vấn.",
        "Báo cáo kết quả thực hiện các nội dung đã hứa tại phiên chất vấn.",
        units=("HĐND",),
    ),
    T(
        "cai-cach-hanh-chinh",
        "Giám sát việc thực hiện các nghị quyết của HĐND tỉnh trong lĩnh vực đầu tư công",
        "Xây dựng kế hoạch giám sát chuyên đề; khảo sát thực tế các dự án; kiến nghị xử lý dự án chậm tiến "
        "độ.",
        "Báo cáo kết quả giám sát, kiến nghị được cơ quan chức năng tiếp thu.",
        ("Dự án được giám sát", "dự án", 10, 30),
        units=("HĐND",),
    ),
    # Môi trường đầu tư
    T(
        "moi-truong-dau-tu",
        "Nâng Chỉ số năng lực cạnh tranh cấp tỉnh (PCI) tăng {n} bậc",
        "Tổ chức đối thoại doanh nghiệp định kỳ; cải thiện các chỉ số thành phần thấp điểm; xử lý nhanh "
        "kiến nghị của doanh nghiệp.",
        "Kết quả xếp hạng PCI của tỉnh.",
        ("Số bậc tăng", "bậc", 3, 10),
        scope="province",
    ),
    T(
        "moi-truong-dau-tu",
        "Thu hút {n} dự án đầu tư mới vào các khu, cụm công nghiệp",
        "Xúc tiến đầu tư có trọng tâm; chuẩn bị sẵn quỹ đất sạch; hỗ trợ nhà đầu tư hoàn thiện thủ tục.",
        "Quyết định chủ trương đầu tư các dự án mới.",
        ("Dự án mới được chấp thuận", "dự án", 3, 12),
        scope="province",
    ),
    T(
        "moi-truong-dau-tu",
        "Giải ngân 100% kế hoạch vốn đầu tư công được giao",
        "Giao chỉ tiêu giải ngân theo tháng cho từng chủ đầu tư; điều chuyển vốn từ dự án chậm sang dự án có "
        "khối lượng.",
        "Báo cáo kết quả giải ngân vốn đầu tư công.",
        ("Tỷ lệ giải ngân", "%", 100, 100),
        units=("Tài chính", "Quản lý dự án", "Phó Chủ tịch UBND"),
    ),
    T(
        "moi-truong-dau-tu",
        "Thu ngân sách nhà nước trên địa bàn vượt {n}% dự toán",
        "Chống thất thu, xử lý nợ đọng thuế; mở rộng cơ sở thu; đẩy mạnh hóa đơn điện tử.",
        "Báo cáo kết quả thu ngân sách.",
        ("Mức vượt dự toán", "%", 5, 15),
        units=("Thuế", "Tài chính"),
    ),
    # Hạ tầng
    T(
        "ha-tang",
        "Hoàn thành, đưa vào sử dụng tuyến đường nối {xa} – {xa2}",
        "Đôn đốc nhà thầu tăng ca, tăng mũi thi công; tháo gỡ vướng mắc về mặt bằng, vật liệu; nghiệm thu "
        "từng hạng mục.",
        "Công trình được nghiệm thu, đưa vào sử dụng.",
        ("Chiều dài tuyến hoàn thành", "km", 5, 30),
    ),
    T(
        "ha-tang",
        "Khởi công xây dựng cầu {xa} trong năm {nam}",
        "Hoàn thiện hồ sơ thiết kế, lựa chọn nhà thầu; bàn giao mặt bằng; tổ chức khởi công.",
        "Công trình được khởi công đúng kế hoạch.",
        None,
        (
            "Phê duyệt thiết kế bản vẽ thi công",
            "Lựa chọn nhà thầu",
            "Khởi công công trình",
        ),
    ),
    # Đất đai
    T(
        "quan-ly-dat-dai",
        "Xử lý dứt điểm {n} trường hợp vi phạm về quản lý đất đai",
        "Lập hồ sơ từng trường hợp; tuyên truyền, vận động tự khắc phục; xử phạt, cưỡng chế theo quy định "
        "với trường hợp cố tình vi phạm.",
        "Hồ sơ xử lý đầy đủ, 100% trường hợp vi phạm được xử lý.",
        ("Trường hợp vi phạm được xử lý", "trường hợp", 20, 141),
        kind="difficult",
    ),
    T(
        "quan-ly-dat-dai",
        "Cấp {n} giấy chứng nhận quyền sử dụng đất lần đầu",
        "Rà soát hồ sơ tồn đọng; giải quyết vướng mắc về nguồn gốc đất; tổ chức cấp giấy lưu động tại cơ sở.",
        "Giấy chứng nhận được cấp cho người dân.",
        ("Giấy chứng nhận được cấp", "giấy", 300, 2000),
    ),
    # An ninh
    T(
        "an-ninh-trat-tu",
        "Xây dựng {n} xã, phường đạt tiêu chuẩn an toàn về an ninh, trật tự",
        "Củng cố lực lượng tham gia bảo vệ an ninh trật tự ở cơ sở; giải quyết các vụ việc phức tạp ngay từ "
        "cơ sở.",
        "Quyết định công nhận xã, phường đạt tiêu chuẩn an toàn về an ninh, trật tự.",
        ("Xã, phường đạt chuẩn", "xã", 10, 40),
        units=("Công an", "Nội chính"),
    ),
    T(
        "an-ninh-trat-tu",
        "Triệt xóa {n} tụ điểm phức tạp về ma túy",
        "Điều tra cơ bản, lập chuyên án; phối hợp các lực lượng đấu tranh; quản lý người nghiện sau cai.",
        "Các tụ điểm ma túy bị triệt xóa, không tái phát.",
        ("Tụ điểm bị triệt xóa", "tụ điểm", 5, 20),
        units=("Công an",),
    ),
    T(
        "an-ninh-trat-tu",
        "Giải quyết dứt điểm {n} vụ án tồn đọng, kéo dài",
        "Rà soát từng vụ án; phối hợp liên ngành tư pháp; đẩy nhanh tiến độ điều tra, truy tố, xét xử.",
        "Các vụ án được giải quyết đúng thời hạn luật định.",
        ("Vụ án được giải quyết", "vụ", 10, 40),
        units=("Tòa án", "Viện Kiểm sát", "Nội chính"),
    ),
    T(
        "an-ninh-trat-tu",
        "Nâng cao chất lượng huấn luyện lực lượng dân quân tự vệ",
        "Đổi mới nội dung, phương pháp huấn luyện; tổ chức hội thao; kiểm tra kết quả huấn luyện.",
        "Kết quả kiểm tra huấn luyện đạt khá, giỏi.",
        ("Đơn vị đạt khá, giỏi", "%", 80, 95),
        units=("Quân sự",),
    ),
    # Văn hóa, xã hội
    T(
        "van-hoa-xa-hoi",
        "Xây dựng {n} trường học đạt chuẩn quốc gia",
        "Đầu tư cơ sở vật chất; bồi dưỡng đội ngũ giáo viên; kiểm tra, công nhận trường đạt chuẩn.",
        "Quyết định công nhận trường đạt chuẩn quốc gia.",
        ("Trường đạt chuẩn quốc gia", "trường", 5, 20),
        units=("Giáo dục",),
    ),
    T(
        "van-hoa-xa-hoi",
        "Nâng tỷ lệ người dân tham gia bảo hiểm y tế đạt {n}%",
        "Tuyên truyền, vận động; hỗ trợ mua thẻ cho đối tượng cận nghèo; nâng cao chất lượng khám chữa bệnh "
        "bảo hiểm y tế.",
        "Báo cáo tỷ lệ bao phủ bảo hiểm y tế.",
        ("Tỷ lệ tham gia bảo hiểm y tế", "%", 93, 98),
        units=("Y tế",),
    ),
    T(
        "van-hoa-xa-hoi",
        "Xây dựng {n} điểm du lịch cộng đồng tại xã {xa}",
        "Hỗ trợ hộ dân làm homestay; bảo tồn không gian văn hóa; quảng bá sản phẩm du lịch.",
        "Các điểm du lịch cộng đồng được công nhận, đón khách.",
        ("Điểm du lịch cộng đồng", "điểm", 2, 6),
        units=("Văn hóa",),
    ),
    T(
        "van-hoa-xa-hoi",
        "Sản xuất {n} chương trình phát thanh, truyền hình tiếng dân tộc thiểu số",
        "Đổi mới nội dung, hình thức; tăng thời lượng phát sóng tiếng dân tộc; phát trên nền tảng số.",
        "Các chương trình được phát sóng và đăng tải trên nền tảng số.",
        ("Chương trình tiếng dân tộc", "chương trình", 50, 150),
        units=("Phát thanh",),
    ),
    # Kinh tế, nông nghiệp
    T(
        "kinh-te-nong-nghiep",
        "Phát triển {n} sản phẩm OCOP đạt 3 sao trở lên",
        "Hỗ trợ chủ thể hoàn thiện sản phẩm, bao bì, truy xuất nguồn gốc; kết nối tiêu thụ trên sàn thương "
        "mại "
        "điện tử.",
        "Quyết định công nhận sản phẩm OCOP.",
        ("Sản phẩm OCOP 3 sao trở lên", "sản phẩm", 10, 40),
    ),
    T(
        "kinh-te-nong-nghiep",
        "Thành lập mới {n} hợp tác xã nông nghiệp ứng dụng công nghệ cao",
        "Vận động, hướng dẫn thành lập; hỗ trợ vốn, kỹ thuật, liên kết tiêu thụ.",
        "Các hợp tác xã được thành lập và hoạt động hiệu quả.",
        ("Hợp tác xã mới", "hợp tác xã", 5, 20),
        scope="province",
    ),
    # Công tác cán bộ
    T(
        "cong-tac-can-bo",
        "Số hóa 100% hồ sơ cán bộ thuộc diện Ban Thường vụ Tỉnh ủy quản lý",
        "Chuẩn hóa hồ sơ, cập nhật cơ sở dữ liệu cán bộ; kết nối với cơ sở dữ liệu đảng viên.",
        "Cơ sở dữ liệu hồ sơ cán bộ được cập nhật đầy đủ.",
        ("Tỷ lệ hồ sơ được số hóa", "%", 100, 100),
        units=("Tổ chức", "Nội vụ"),
    ),
    T(
        "cong-tac-can-bo",
        "Đào tạo, bồi dưỡng {n} cán bộ nguồn các chức danh chủ chốt cấp xã",
        "Lựa chọn cán bộ trong quy hoạch; mở lớp bồi dưỡng theo chức danh; luân chuyển để rèn luyện thực "
        "tiễn.",
        "Cán bộ nguồn được đào tạo, bồi dưỡng, đáp ứng yêu cầu chức danh.",
        ("Cán bộ nguồn được bồi dưỡng", "người", 50, 200),
        units=("Tổ chức", "Nội vụ", "Trường Chính trị"),
    ),
)

# Fields that fit the cadre, from the name of the unit they lead (first match wins) or their position.
UNIT_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Văn phòng UBND", ("cai-cach-hanh-chinh", "chuyen-doi-so")),
    ("Nội vụ", ("cai-cach-hanh-chinh", "chuyen-doi-so", "cong-tac-can-bo")),
    ("Tài chính", ("moi-truong-dau-tu", "ha-tang")),
    ("Tư pháp", ("cai-cach-hanh-chinh", "chuyen-doi-so")),
    ("Công Thương", ("moi-truong-dau-tu", "kinh-te-nong-nghiep")),
    (
        "Nông nghiệp",
        ("nong-thon-moi", "quan-ly-dat-dai", "giai-phong-mat-bang", "kinh-te-nong-nghiep", "giam-ngheo"),
    ),
    ("Xây dựng", ("ha-tang", "giai-phong-mat-bang", "nha-o-ho-ngheo")),
    ("Giáo dục", ("van-hoa-xa-hoi", "chuyen-doi-so")),
    ("Y tế", ("van-hoa-xa-hoi", "chuyen-doi-so")),
    ("Khoa học", ("chuyen-doi-so", "moi-truong-dau-tu")),
    ("Văn hóa", ("van-hoa-xa-hoi", "moi-truong-dau-tu")),
    ("Dân tộc", ("giam-ngheo", "nha-o-ho-ngheo")),
    ("Thanh tra", ("quan-ly-dat-dai", "xay-dung-dang")),
    ("Ngoại vụ", ("moi-truong-dau-tu",)),
    ("khu công nghiệp", ("moi-truong-dau-tu", "giai-phong-mat-bang")),
    ("Phát thanh", ("van-hoa-xa-hoi", "chuyen-doi-so")),
    ("Trường Chính trị", ("cong-tac-can-bo", "xay-dung-dang")),
    ("Quỹ Đầu tư", ("moi-truong-dau-tu",)),
    ("Quản lý dự án", ("ha-tang", "giai-phong-mat-bang")),
    ("Hợp tác xã", ("kinh-te-nong-nghiep",)),
    ("Công an", ("an-ninh-trat-tu", "chuyen-doi-so")),
    ("Quân sự", ("an-ninh-trat-tu",)),
    ("Thuế", ("moi-truong-dau-tu", "chuyen-doi-so")),
    ("Kho bạc", ("chuyen-doi-so", "cai-cach-hanh-chinh")),
    ("Ngân hàng", ("giam-ngheo", "moi-truong-dau-tu")),
    ("Tòa án", ("an-ninh-trat-tu", "cai-cach-hanh-chinh")),
    ("Viện Kiểm sát", ("an-ninh-trat-tu", "cai-cach-hanh-chinh")),
    ("Kiểm tra", ("xay-dung-dang",)),
    ("Văn phòng Tỉnh ủy", ("chuyen-doi-so", "cai-cach-hanh-chinh")),
    ("Tuyên giáo", ("xay-dung-dang", "van-hoa-xa-hoi")),
    ("Nội chính", ("an-ninh-trat-tu", "quan-ly-dat-dai", "xay-dung-dang")),
    ("Tổ chức", ("cong-tac-can-bo", "phat-trien-dang-vien", "sinh-hoat-chi-bo")),
    ("MTTQ", ("nha-o-ho-ngheo", "giam-ngheo")),
    ("Văn phòng Đoàn ĐBQH", ("cai-cach-hanh-chinh", "chuyen-doi-so")),
    ("Hội đồng nhân dân", ("cai-cach-hanh-chinh", "giam-ngheo")),
    ("Ủy ban nhân dân tỉnh", ("moi-truong-dau-tu", "ha-tang", "giai-phong-mat-bang", "chuyen-doi-so")),
    ("Tỉnh ủy", ("moi-truong-dau-tu", "xay-dung-dang", "ha-tang", "nong-thon-moi", "phat-trien-dang-vien")),
    (
        "Huyện ủy",
        ("giai-phong-mat-bang", "nong-thon-moi", "phat-trien-dang-vien", "giam-ngheo", "nha-o-ho-ngheo"),
    ),
    (
        "Xã ",
        (
            "nong-thon-moi",
            "giam-ngheo",
            "nha-o-ho-ngheo",
            "phat-trien-dang-vien",
            "sinh-hoat-chi-bo",
            "quan-ly-dat-dai",
            "chuyen-doi-so",
        ),
    ),
    ("Phường ", ("chuyen-doi-so", "quan-ly-dat-dai", "giai-phong-mat-bang", "phat-trien-dang-vien")),
)
DEFAULT_FIELDS = ("cai-cach-hanh-chinh", "chuyen-doi-so")

# The People's Council office's own programme: tasks for its staff (Tuyên Quang, article 004).
COUNCIL_OFFICE_TEMPLATES: tuple[Template, ...] = (
    T(
        "cai-cach-hanh-chinh",
        "Nâng cao chất lượng tham mưu báo cáo thẩm tra của các Ban HĐND tỉnh",
        "Xây dựng quy trình tham mưu thẩm tra; lập danh mục kiểm tra nội dung; lấy ý kiến chuyên gia đối với "
        "dự thảo nghị quyết chuyên ngành.",
        "Báo cáo thẩm tra được ban hành đúng hạn, có chất lượng.",
        ("Báo cáo thẩm tra được tham mưu", "báo cáo", 10, 30),
    ),
    T(
        "chuyen-doi-so",
        "Tham mưu triển khai phần mềm phục vụ kỳ họp không giấy tờ của HĐND tỉnh",
        "Khảo sát, lựa chọn giải pháp; tập huấn đại biểu; vận hành thử tại kỳ họp chuyên đề.",
        "Phần mềm được sử dụng tại các kỳ họp HĐND tỉnh.",
        None,
        ("Lựa chọn giải pháp, tập huấn đại biểu", "Vận hành thử", "Sử dụng chính thức tại kỳ họp"),
    ),
    T(
        "cai-cach-hanh-chinh",
        "Nâng cao chất lượng theo dõi, đôn đốc giải quyết {n} kiến nghị của cử tri",
        "Lập sổ theo dõi điện tử; phân loại kiến nghị theo cơ quan giải quyết; đôn đốc định kỳ, công khai "
        "kết "
        "quả.",
        "Báo cáo kết quả giải quyết kiến nghị cử tri trình kỳ họp.",
        ("Kiến nghị cử tri được theo dõi, đôn đốc", "kiến nghị", 50, 200),
    ),
    T(
        "khac",
        "Chuẩn hóa quy trình lễ tân, phục vụ kỳ họp HĐND tỉnh",
        "Xây dựng quy trình, phân công rõ người rõ việc; rút kinh nghiệm sau mỗi kỳ họp.",
        "Quy trình lễ tân, phục vụ được ban hành và áp dụng.",
        None,
    ),
    T(
        "chuyen-doi-so",
        "Số hóa {n} hồ sơ kỳ họp HĐND tỉnh các khóa",
        "Chỉnh lý, số hóa hồ sơ kỳ họp; xây dựng cơ sở dữ liệu tra cứu nghị quyết.",
        "Cơ sở dữ liệu hồ sơ kỳ họp được đưa vào khai thác.",
        ("Hồ sơ kỳ họp được số hóa", "hồ sơ", 200, 800),
    ),
    T(
        "cai-cach-hanh-chinh",
        "Cập nhật, hệ thống hóa {n} văn bản pháp luật mới phục vụ hoạt động giám sát",
        "Theo dõi văn bản mới ban hành; tóm tắt nội dung liên quan đến thẩm quyền của HĐND; gửi đại biểu "
        "định "
        "kỳ.",
        "Bản tin pháp luật định kỳ gửi đại biểu HĐND tỉnh.",
        ("Văn bản được hệ thống hóa", "văn bản", 40, 120),
    ),
)

# A department's own plan: tasks its director gives its staff (each unit runs the practice for the people
# it manages, article 000: 3,853 tasks for 1,452 cadres province-wide).
HOME_AFFAIRS_TEMPLATES: tuple[Template, ...] = (
    T(
        "cai-cach-hanh-chinh",
        "Rút ngắn thời gian giải quyết {n} thủ tục hành chính lĩnh vực nội vụ",
        "Rà soát quy trình nội bộ từng thủ tục; cắt giảm bước trung gian; công khai tiến độ giải quyết trên "
        "cổng dịch vụ công.",
        "Quy trình nội bộ được sửa đổi, thời gian giải quyết giảm ít nhất 30%.",
        ("Thủ tục được rút ngắn thời gian", "thủ tục", 10, 40),
    ),
    T(
        "chuyen-doi-so",
        "Số hóa {n} hồ sơ cán bộ, công chức, viên chức của tỉnh",
        "Chỉnh lý, số hóa hồ sơ gốc; cập nhật vào cơ sở dữ liệu cán bộ, công chức; đối chiếu với đơn vị quản "
        "lý.",
        "Cơ sở dữ liệu hồ sơ cán bộ được cập nhật đầy đủ.",
        ("Hồ sơ được số hóa", "hồ sơ", 500, 2000),
    ),
    T(
        "cong-tac-can-bo",
        "Tham mưu sắp xếp vị trí việc làm của {n} cơ quan, đơn vị sau hợp nhất",
        "Hướng dẫn các cơ quan xây dựng đề án vị trí việc làm; thẩm định; trình phê duyệt đúng hạn.",
        "Đề án vị trí việc làm được phê duyệt.",
        ("Cơ quan được phê duyệt đề án", "cơ quan", 5, 20),
    ),
    T(
        "cong-tac-can-bo",
        "Tổ chức thi tuyển công chức tỉnh bằng hình thức trực tuyến",
        "Chuẩn bị ngân hàng câu hỏi, phần mềm thi; tổ chức thi thử; giám sát kỳ thi chính thức.",
        "Kỳ thi tuyển công chức được tổ chức trực tuyến, công khai kết quả.",
        None,
        ("Chuẩn bị ngân hàng câu hỏi, phần mềm", "Thi thử", "Tổ chức kỳ thi chính thức"),
    ),
    T(
        "cai-cach-hanh-chinh",
        "Nâng chỉ số cải cách hành chính của Sở lên nhóm dẫn đầu khối sở, ngành",
        "Phân tích các tiêu chí bị trừ điểm năm trước; giao từng tiêu chí cho phòng chuyên môn; kiểm tra "
        "hằng quý.",
        "Chỉ số cải cách hành chính của Sở tăng hạng.",
        None,
    ),
)

# The commune's own programme: difficult and key tasks for its staff (Bắc Giang, article 001).
COMMUNE_TEMPLATES: tuple[Template, ...] = (
    T(
        "quan-ly-dat-dai",
        "Xử lý dứt điểm {n} trường hợp vi phạm đất đai trên địa bàn xã",
        "Cùng tổ công tác xác minh hiện trường, lập hồ sơ từng trường hợp; vận động hộ vi phạm tự tháo dỡ, "
        "phối hợp doanh nghiệp hỗ trợ san gạt.",
        "Hồ sơ xử lý đầy đủ từng trường hợp.",
        ("Trường hợp vi phạm được xử lý", "trường hợp", 13, 41),
        kind="difficult",
    ),
    T(
        "nha-o-ho-ngheo",
        "Xóa {n} nhà tạm cho hộ nghèo, cận nghèo và người có công trên địa bàn xã",
        "Mỗi ngôi nhà là một dự án: rõ mức đầu tư, ngày khởi công, ngày hoàn thành; tạm ứng 50% kinh phí hỗ "
        "trợ để mua vật liệu; đoàn thể hỗ trợ ngày công.",
        "Nhà mới bàn giao cho các hộ.",
        ("Nhà tạm được xóa", "nhà", 9, 13),
        ("Lập danh sách, phương án từng nhà", "Khởi công các nhà", "Bàn giao nhà mới"),
        kind="key",
    ),
    T(
        "chuyen-doi-so",
        "Số hóa 100% sổ hộ tịch của xã",
        "Số hóa sổ hộ tịch của các xã cũ trước sáp nhập; cập nhật vào cơ sở dữ liệu hộ tịch điện tử.",
        "Sổ hộ tịch được số hóa đầy đủ.",
        ("Tỷ lệ sổ hộ tịch được số hóa", "%", 100, 100),
        kind="key",
    ),
    T(
        "moi-truong-dau-tu",
        "Thu ngân sách xã đạt {n}% dự toán được giao",
        "Rà soát nguồn thu; đôn đốc nợ đọng; khai thác quỹ đất theo quy hoạch.",
        "Báo cáo quyết toán thu ngân sách xã.",
        ("Tỷ lệ thu so với dự toán", "%", 105, 130),
        kind="key",
    ),
    T(
        "nong-thon-moi",
        "Vận động {n} hộ hiến đất mở rộng đường thôn",
        "Họp thôn, công khai phương án; cán bộ, đảng viên gương mẫu đi đầu; ghi nhận, biểu dương hộ hiến "
        "đất.",
        "Biên bản hiến đất, mặt bằng thi công đường thôn.",
        ("Hộ hiến đất", "hộ", 20, 60),
        kind="difficult",
    ),
    T(
        "nong-thon-moi",
        "Hoàn thành tiêu chí môi trường trong xây dựng xã nông thôn mới nâng cao",
        "Xây dựng mô hình phân loại rác tại nguồn; thu gom rác thải ở các thôn; trồng cây xanh.",
        "Tiêu chí môi trường được thẩm định đạt.",
        kind="key",
    ),
    T(
        "an-ninh-trat-tu",
        "Hoàn thành 100% chỉ tiêu tuyển chọn và gọi công dân nhập ngũ",
        "Rà soát nguồn, khám tuyển; tuyên truyền, động viên gia đình thanh niên; tổ chức giao quân chu đáo.",
        "Quyết định gọi công dân nhập ngũ; biên bản bàn giao quân.",
        ("Tỷ lệ chỉ tiêu hoàn thành", "%", 100, 100),
        kind="key",
    ),
    T(
        "van-hoa-xa-hoi",
        "Xây dựng {n} thôn đạt danh hiệu văn hóa",
        "Vận động nhân dân thực hiện nếp sống văn minh; xây dựng hương ước, quy ước thôn.",
        "Quyết định công nhận thôn văn hóa.",
        ("Thôn đạt danh hiệu văn hóa", "thôn", 4, 10),
        kind="key",
    ),
)

REPORT_PHRASES = (
    # (up to percent, phrase)
    (25, "Đã xây dựng kế hoạch, thành lập tổ công tác, phân công nhiệm vụ cụ thể cho từng thành viên."),
    (50, "Đang triển khai các nội dung theo kế hoạch; tổ chức kiểm điểm tiến độ định kỳ."),
    (75, "Các nội dung chính đang được đẩy nhanh; đã tháo gỡ một số vướng mắc phát sinh."),
    (99, "Cơ bản hoàn thành các nội dung chính, đang hoàn thiện hồ sơ, sản phẩm."),
    (100, "Đã hoàn thành toàn bộ nội dung đăng ký, tổ chức tổng kết, báo cáo kết quả."),
)

# (content, proposal, answer) by field; "" is the fallback
OBSTACLES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "giai-phong-mat-bang": (
        (
            "Còn một số hộ chưa đồng thuận với đơn giá bồi thường, hỗ trợ về đất nông nghiệp xen kẹt.",
            "Đề nghị UBND tỉnh xem xét điều chỉnh đơn giá bồi thường đối với đất nông nghiệp xen kẹt khu dân "
            "cư.",
            "Giao Sở Nông nghiệp và Môi trường chủ trì, phối hợp Sở Tài chính rà soát đơn giá, báo cáo UBND "
            "tỉnh trước ngày 15 tháng sau.",
        ),
        (
            "Chưa có quỹ đất tái định cư cho các hộ phải di chuyển chỗ ở.",
            "Đề nghị cho phép bố trí tái định cư tại chỗ kết hợp hỗ trợ bằng tiền.",
            "Đồng ý chủ trương; giao UBND tỉnh chỉ đạo hoàn thiện phương án tái định cư tại chỗ.",
        ),
    ),
    "quan-ly-dat-dai": (
        (
            "Nhiều trường hợp vi phạm kéo dài từ trước năm 2014, hồ sơ không đầy đủ.",
            "Đề nghị hướng dẫn cách xử lý đối với các trường hợp vi phạm trước ngày 01/7/2014.",
            "Giao Sở Nông nghiệp và Môi trường ban hành văn bản hướng dẫn trong tháng.",
        ),
    ),
    "nha-o-ho-ngheo": (
        (
            "Một số hộ còn thiếu kinh phí đối ứng nên chần chừ chưa khởi công, có nguy cơ chậm tiến độ.",
            "Đề nghị cho tạm ứng trước 50% kinh phí hỗ trợ để các hộ mua nguyên vật liệu.",
            "Đồng ý cho tạm ứng 50% kinh phí hỗ trợ; giao Mặt trận và các đoàn thể hỗ trợ ngày công tháo dỡ, "
            "san gạt mặt bằng.",
        ),
    ),
    "chuyen-doi-so": (
        (
            "Hạ tầng mạng và thiết bị số hóa tại bộ phận một cửa chưa đáp ứng khối lượng hồ sơ.",
            "Đề nghị bổ sung kinh phí mua sắm máy quét, nâng cấp đường truyền.",
            "Đồng ý về chủ trương; giao Sở Tài chính cân đối, bố trí kinh phí trong đợt bổ sung dự toán.",
        ),
        (
            "Phần mềm chuyên ngành của bộ chưa kết nối được với nền tảng dữ liệu dùng chung của tỉnh.",
            "Đề nghị Sở Khoa học và Công nghệ hỗ trợ xây dựng giải pháp kết nối trung gian.",
            "Giao Sở Khoa học và Công nghệ chủ trì, hoàn thành kết nối trong quý.",
        ),
    ),
    "phat-trien-dang-vien": (
        (
            "Nguồn quần chúng ưu tú ở các thôn vùng cao còn ít, nhiều thanh niên đi làm ăn xa.",
            "Đề nghị hướng dẫn quy trình kết nạp đảng viên là người lao động đi làm ăn xa.",
            "Ban Tổ chức Tỉnh ủy ban hành hướng dẫn trong tháng; đề nghị tăng cường bồi dưỡng nhận thức về "
            "Đảng "
            "cho đoàn viên.",
        ),
    ),
    "": (
        (
            "Kinh phí thực hiện chưa được bố trí kịp thời.",
            "Đề nghị bố trí kinh phí từ nguồn dự phòng ngân sách.",
            "Giao Sở Tài chính tham mưu bố trí kinh phí, báo cáo kết quả trong tháng.",
        ),
        (
            "Cần sự phối hợp của một số sở, ngành nhưng chưa có cơ chế phối hợp rõ ràng.",
            "Đề nghị Thường trực chỉ đạo các cơ quan liên quan cử đầu mối phối hợp.",
            "Đã có văn bản chỉ đạo các cơ quan liên quan cử đầu mối, phối hợp thực hiện.",
        ),
    ),
}

RESOLVED_COMMENTS = (
    "Vướng mắc đã được tháo gỡ theo ý kiến chỉ đạo.",
    "Đã thực hiện xong theo chỉ đạo, tiến độ được bảo đảm.",
    "",
)
# fields whose tasks are built on the ground, where weather and capital decide the schedule
WORKS_FIELDS = ("giai-phong-mat-bang", "ha-tang", "nha-o-ho-ngheo", "nong-thon-moi", "quan-ly-dat-dai")
ADJUSTMENT_REASONS_WORKS = (
    "Dự án chậm được phê duyệt điều chỉnh chủ trương đầu tư nên chưa đủ điều kiện hoàn thành đúng hạn.",
    "Ảnh hưởng của mưa lũ kéo dài, việc thi công phải tạm dừng.",
    "Nguồn vốn được bố trí chậm so với kế hoạch.",
)
ADJUSTMENT_REASONS = (
    "Nguồn kinh phí được bố trí chậm so với kế hoạch.",
    "Phát sinh vướng mắc về thủ tục ngoài thẩm quyền của đơn vị.",
    "Phải chờ hướng dẫn của bộ, ngành Trung ương về nội dung liên quan.",
)
ADJUSTMENT_TARGET_REASONS = (
    "Chỉ tiêu đăng ký vượt khả năng cân đối nguồn lực sau khi rà soát lại thực tế.",
    "Một số đối tượng không còn thuộc diện thực hiện sau khi rà soát.",
)
ADJUSTMENT_APPROVALS = (
    "Đồng ý điều chỉnh.",
    "Đồng ý; đề nghị tập trung chỉ đạo hoàn thành trong thời hạn mới.",
)
ADJUSTMENT_REFUSALS = (
    "Không đồng ý; đề nghị tập trung chỉ đạo, bảo đảm hoàn thành đúng thời hạn đã phê duyệt.",
    "Lý do chưa thuyết phục; giữ nguyên thời hạn, chỉ tiêu đã phê duyệt.",
)
RETURN_COMMENTS = (
    "Đề nghị xác định rõ sản phẩm đầu ra và chỉ tiêu định lượng của việc.",
    "Mốc thời gian chưa cụ thể, đề nghị bổ sung kế hoạch thực hiện theo quý.",
    "Nội dung còn chung, đề nghị nêu rõ giải pháp đột phá và địa chỉ thực hiện.",
)
REJECT_REASONS = (
    "Việc đăng ký là nhiệm vụ chuyên môn thường xuyên, không phải việc đột phá, đổi mới.",
    "Trùng với việc đã giao cho đồng chí khác trong cùng kỳ.",
    "Nội dung vượt phạm vi phụ trách của đồng chí; đề nghị đăng ký việc khác.",
)
APPROVAL_COMMENTS = ("", "", "Đồng ý; đề nghị bám sát tiến độ các mốc đã đăng ký.")
EVALUATION_COMMENTS = {
    "excellent": (
        "Hoàn thành xuất sắc, tạo chuyển biến rõ nét, có sản phẩm cụ thể, được nhân dân đồng tình.",
        "Hoàn thành xuất sắc, vượt chỉ tiêu đăng ký; cách làm sáng tạo, cần nhân rộng.",
    ),
    "good": (
        "Hoàn thành tốt, bảo đảm tiến độ và chất lượng.",
        "Hoàn thành tốt các nội dung đăng ký.",
    ),
    "completed": (
        "Hoàn thành; một số nội dung còn chậm so với kế hoạch.",
        "Hoàn thành nhiệm vụ, sản phẩm chưa thật nổi bật.",
    ),
    "not_completed": (
        "Không hoàn thành chỉ tiêu đăng ký; đề nghị nghiêm túc rút kinh nghiệm.",
        "Chưa hoàn thành, tiến độ chậm kéo dài; tiếp tục chỉ đạo thực hiện trong năm sau.",
    ),
}
SELF_ASSESSMENTS = {
    "excellent": "Hoàn thành vượt mức các nội dung đăng ký, sản phẩm được cấp có thẩm quyền ghi nhận.",
    "good": "Hoàn thành đầy đủ các nội dung đăng ký, đúng tiến độ.",
    "completed": "Hoàn thành các nội dung chính; một số mốc còn chậm do khách quan.",
    "not_completed": "Chưa hoàn thành chỉ tiêu đăng ký; đã chỉ ra nguyên nhân và giải pháp khắc phục.",
}
