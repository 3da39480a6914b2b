"""The fields of work (lĩnh vực) the source documents name. Data: organizers add their own in admin."""

from django.db import migrations

FIELDS = [
    ("giai-phong-mat-bang", "Giải phóng mặt bằng", 10),
    ("chuyen-doi-so", "Chuyển đổi số", 20),
    ("nong-thon-moi", "Xây dựng nông thôn mới", 30),
    ("giam-ngheo", "Giảm nghèo bền vững", 40),
    ("nha-o-ho-ngheo", "Xóa nhà tạm, nhà dột nát", 50),
    ("phat-trien-dang-vien", "Công tác phát triển đảng viên", 60),
    ("sinh-hoat-chi-bo", "Nâng cao chất lượng sinh hoạt chi bộ", 70),
    ("xay-dung-dang", "Xây dựng, chỉnh đốn Đảng", 80),
    ("cai-cach-hanh-chinh", "Cải cách hành chính", 90),
    ("moi-truong-dau-tu", "Cải thiện môi trường đầu tư, kinh doanh", 100),
    ("ha-tang", "Phát triển kết cấu hạ tầng", 110),
    ("quan-ly-dat-dai", "Quản lý đất đai, xử lý vi phạm", 120),
    ("an-ninh-trat-tu", "Quốc phòng, an ninh, trật tự an toàn xã hội", 130),
    ("van-hoa-xa-hoi", "Văn hóa, xã hội, y tế, giáo dục", 140),
    ("kinh-te-nong-nghiep", "Phát triển kinh tế, nông nghiệp", 150),
    ("cong-tac-can-bo", "Công tác cán bộ", 160),
    ("khac", "Lĩnh vực khác", 999),
]


def seed(apps, schema_editor):
    Field = apps.get_model("programmes", "Field")
    for code, name, rank in FIELDS:
        Field.objects.get_or_create(code=code, defaults={"name": name, "rank": rank})


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
