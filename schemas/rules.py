"""The rule catalogue: every check's stable code, severity, Vietnamese message and fix hint.

Pandera checks carry the code as their `error=`; the report turns a code back into words
here, so a message is written once. Codes are stable: reports and BI rely on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
SEVERITY_VI: dict[str, str] = {"error": "Lỗi", "warning": "Cảnh báo"}
"""A problem's severity as a Vietnamese reader reads it: the province's reports, the BI views' label."""


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    message: str
    hint: str
    rejects_file: bool = False


_RULES: tuple[Rule, ...] = (
    # File-level: the submission is rejected and nothing is loaded (contract §4).
    Rule("FILE.UNREADABLE", "error", "Không đọc được tệp", "Lưu lại tệp dưới dạng .xlsx rồi gửi lại.", True),
    Rule(
        "FILE.INFO_CONFLICT",
        "error",
        "ThongTin ghi Mã tỉnh hoặc Năm báo cáo hai lần với hai giá trị khác nhau: không biết báo cáo của tỉnh, năm nào",
        "Giữ một Mã tỉnh và một Năm báo cáo trong sheet ThongTin (xóa dòng thừa, thường do chép từ mẫu năm "
        "khác), rồi gửi lại. Mỗi tệp là báo cáo của một tỉnh, một năm.",
        True,
    ),
    Rule(
        "FILE.PASSWORD_PROTECTED",
        "error",
        "Tệp được đặt mật khẩu mở nên không đọc được",
        "Gỡ mật khẩu (Excel: Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu, xóa mật khẩu rồi "
        "bấm OK), lưu lại và gửi lại tệp. Không gửi mật khẩu kèm báo cáo.",
        True,
    ),
    Rule(
        "FILE.SHEET_TOO_LARGE",
        "error",
        "Sheet có ô dữ liệu nằm quá xa bảng: vùng phải đọc quá lớn nên không đọc được tệp",
        "Trong Excel nhấn Ctrl+G (hoặc F5), gõ địa chỉ ô được chỉ ra (ví dụ XFD1048576), nhấn Enter để tới ô đó rồi "
        "bấm Delete; xóa cả các ô thừa khác ở xa bảng, lưu lại và gửi lại tệp.",
        True,
    ),
    Rule(
        "FILE.SHEET_MISSING",
        "error",
        "Thiếu sheet bắt buộc ThongTin",
        "Thêm sheet ThongTin theo mẫu (Mã tỉnh, Năm báo cáo, Người lập, Ngày lập); "
        "gửi dạng thư mục CSV thì thêm tệp ThongTin.csv.",
        True,
    ),
    Rule(
        "FILE.NO_DATA_SHEET",
        "error",
        "Không có sheet dữ liệu nào (CanBo, KhoaHoc, HocVien, TieuChi, CongNhan)",
        "Dùng đúng tên sheet theo mẫu.",
        True,
    ),
    Rule(
        "FILE.NO_DATA_ROWS",
        "error",
        "Các sheet dữ liệu không có dòng số liệu nào: tệp trống không được nạp",
        "Điền số liệu vào các sheet theo mẫu rồi gửi lại. Tệp gửi sau thay cả tệp gửi trước của tỉnh trong năm, "
        "nên tệp trống không được nạp để số liệu đã gửi không bị xóa.",
        True,
    ),
    Rule(
        "FILE.NO_VALID_ROWS",
        "error",
        "Không có dòng số liệu nào hợp lệ: mọi dòng đều có lỗi nên tệp không được nạp",
        "Sửa các lỗi được liệt kê rồi gửi lại. Tệp gửi sau thay cả tệp gửi trước của tỉnh trong năm, nên tệp "
        "không có dòng nào hợp lệ không được nạp để số liệu đã gửi (nếu có) không bị xóa.",
        True,
    ),
    Rule(
        "FILE.HEADER_NOT_FOUND",
        "error",
        "Không tìm thấy dòng tiêu đề cột trong sheet",
        "Giữ nguyên dòng tiêu đề cột theo mẫu.",
        True,
    ),
    Rule(
        "FILE.CRITERIA_AS_COLUMNS",
        "error",
        "Sheet TieuChi ghi mỗi tiêu chí một cột; theo mẫu, mỗi xã ghi mỗi tiêu chí một dòng",
        "Chuyển sang dạng mỗi dòng một tiêu chí của một xã: Mã xã | Mã tiêu chí | Trạng thái | Ngày đánh giá "
        "(Excel: Dữ liệu → Từ bảng → chọn các cột tiêu chí → Unpivot Columns), hoặc chép vào mẫu của năm.",
        True,
    ),
    Rule("FILE.COLUMN_MISSING", "error", "Thiếu cột bắt buộc", "Thêm cột còn thiếu với tiêu đề theo mẫu.", True),
    Rule(
        "FILE.PROVINCE_INVALID",
        "error",
        "Mã tỉnh không hợp lệ cho năm báo cáo",
        "Dùng mã tỉnh 2 chữ số của danh mục đơn vị hành chính năm báo cáo.",
        True,
    ),
    Rule(
        "FILE.PROVINCE_NAME_MISMATCH",
        "error",
        "Tên tỉnh ghi kèm mã là tên một tỉnh khác trong danh mục năm báo cáo",
        "Ghi mã tỉnh theo danh mục của năm báo cáo (trước 2025 hay từ 2025: danh mục từ 2025 dùng lại mã cũ của "
        "một tỉnh cho tỉnh khác) và tên đúng của tỉnh mang mã đó. Tệp bị từ chối để không thay số liệu của tỉnh "
        "mang mã này.",
        True,
    ),
    Rule(
        "FILE.COMMUNES_OF_OTHER_PROVINCE",
        "error",
        "Phần lớn mã xã trong tệp thuộc một tỉnh khác theo danh mục năm báo cáo",
        "Kiểm tra Mã tỉnh, Năm báo cáo và danh mục xã đã dùng: tệp của tỉnh khác, hoặc số liệu một năm trước "
        "2025 gửi bằng mã tỉnh mới. Tệp bị từ chối để không thay số liệu của tỉnh ghi trong ThongTin.",
        True,
    ),
    Rule(
        "FILE.PROVINCE_MISMATCH",
        "error",
        "Mã tỉnh trong ThongTin không khớp thư mục gửi",
        "Gửi tệp vào đúng thư mục của tỉnh mình, hoặc sửa Mã tỉnh.",
        True,
    ),
    Rule(
        "FILE.YEAR_INVALID",
        "error",
        "Năm báo cáo không hợp lệ (2010 đến năm hiện tại)",
        "Ghi năm báo cáo 4 chữ số, từ 2010 đến năm hiện tại (năm đã kết thúc hoặc đang báo cáo).",
        True,
    ),
    Rule(
        "FILE.YEAR_NO_REFERENCE",
        "error",
        "Hệ thống chưa có bộ tiêu chí nông thôn mới của năm báo cáo này",
        "Tệp đã được lưu trữ; gửi lại sau khi Trung ương cập nhật danh mục tham chiếu của năm.",
        True,
    ),
    Rule(
        "FILE.STRICT_REJECTED",
        "error",
        "Chế độ nghiêm ngặt: tệp có lỗi nên bị từ chối toàn bộ",
        "Sửa tất cả các lỗi rồi gửi lại.",
        True,
    ),
    Rule(
        "FILE.SHEET_DUPLICATE",
        "error",
        "Hai sheet cùng là một sheet của mẫu",
        "Gộp các dòng vào một sheet (ví dụ một sheet CanBo cho cả tỉnh).",
        True,
    ),
    Rule(
        "CELL.AMOUNT_UNIT_CONVERTED",
        "warning",
        "Cột kinh phí ghi theo đơn vị khác đồng; các số đã được quy đổi sang đồng theo đơn vị ghi ở tiêu đề",
        "Kiểm tra lại kinh phí đã nạp (triệu đồng × 1.000.000, nghìn đồng × 1.000). Theo mẫu, kinh phí ghi "
        "bằng đồng dưới tiêu đề 'Kinh phí (đồng)'.",
    ),
    Rule(
        "FILE.COLUMN_AMBIGUOUS",
        "warning",
        "Nhiều cột cùng có thể là một cột của mẫu (ví dụ 'Chức vụ Đảng' và 'Chức vụ chính quyền' cho 'Chức vụ'); "
        "không cột nào được đọc",
        "Đổi tên cột cần nộp thành đúng tiêu đề của mẫu (ví dụ 'Chức vụ'); đổi tên hoặc xóa cột còn lại.",
    ),
    Rule(
        "FILE.COLUMN_UNKNOWN",
        "warning",
        "Cột không có trong mẫu, không được nạp",
        "Xóa cột hoặc đổi tiêu đề theo mẫu nếu đó là cột của mẫu.",
    ),
    Rule(
        "FILE.SHEET_RECOGNISED",
        "warning",
        "Tên sheet không đúng mẫu; hệ thống đã nhận diện sheet theo dòng tiêu đề cột",
        "Kiểm tra đúng là sheet đó; lần sau đặt tên sheet đúng như mẫu (ThongTin, CanBo, KhoaHoc, HocVien, "
        "TieuChi, CongNhan).",
    ),
    Rule(
        "FILE.SHEET_UNKNOWN",
        "warning",
        "Sheet không có trong mẫu, không được nạp",
        "Không cần làm gì nếu đó là sheet ghi chú.",
    ),
    Rule(
        "FILE.WORKBOOK_IN_CSV_FOLDER",
        "warning",
        "Sổ Excel nằm trong thư mục các tệp CSV, không được đọc",
        "Một thư mục chỉ được đọc qua các tệp .csv trong đó (mỗi tệp một sheet). Nếu số liệu nằm trong sổ "
        "Excel này, hãy gửi riêng sổ Excel, không để chung thư mục với các tệp CSV.",
    ),
    Rule(
        "FILE.HIDDEN_SHEET_IGNORED",
        "warning",
        "Sheet ẩn trùng loại với một sheet đã đọc, không được nạp",
        "Không cần làm gì nếu đó là bản sao cũ; nếu sheet ẩn mới là dữ liệu đúng, xóa sheet kia và bỏ ẩn sheet này.",
    ),
    Rule(
        "FILE.COLUMN_REPEATED",
        "warning",
        "Cột trùng tiêu đề với một cột bên trái đã được đọc; cột này không được nạp",
        "Xóa cột thừa, hoặc đổi tiêu đề nếu đó là cột khác; nếu cột này mới là dữ liệu đúng, xóa cột bên trái.",
    ),
    Rule(
        "FILE.HIDDEN_COLUMN_IGNORED",
        "warning",
        "Cột ẩn trùng tiêu đề với một cột đang hiện đã được đọc, không được nạp",
        "Không cần làm gì nếu đó là cột cũ; nếu cột ẩn mới là dữ liệu đúng, xóa cột kia và bỏ ẩn cột này.",
    ),
    Rule(
        "FILE.HIDDEN_COLUMN_READ",
        "warning",
        "Cột đang bị ẩn trong Excel vẫn được đọc và kiểm tra như các cột khác (giá trị hợp lệ được nạp)",
        "Bỏ ẩn và kiểm tra cột này: nếu đó là dữ liệu cần nộp, không cần làm gì; nếu là cột cũ đã bỏ, xóa hẳn cột "
        "đó (không chỉ ẩn) rồi gửi lại.",
    ),
    Rule(
        "FILE.DATES_MONTH_FIRST",
        "warning",
        "Ngày trong tệp được ghi tháng trước ngày (mm/dd/yyyy, như máy tính cài định dạng Mỹ): không ngày nào "
        "có số đầu lớn hơn 12 và nhiều ngày có số thứ hai lớn hơn 12; tất cả đã được đọc theo thứ tự đó",
        "Kiểm tra lại các ngày đã nạp; lần sau ghi ngày theo dạng dd/mm/yyyy như mẫu (ngày trước tháng).",
    ),
    Rule(
        "FILE.FORMULAS_UNCALCULATED",
        "warning",
        "Dưới bảng có dòng chỉ gồm công thức mà tệp không lưu kết quả (tệp do một phần mềm xuất ra, chưa mở bằng "
        "Excel): các dòng đó không có giá trị nào để đọc",
        "Nếu đó là dữ liệu cần nộp, mở tệp bằng Excel (công thức được tính khi mở), lưu lại rồi gửi lại.",
    ),
    Rule(
        "FILE.HIDDEN_ROWS_READ",
        "warning",
        "Dòng đang bị ẩn trong Excel (ẩn dòng hoặc do bộ lọc) vẫn được đọc và kiểm tra như các dòng khác, và được "
        "nạp nếu không có lỗi",
        "Không cần làm gì nếu đó là dữ liệu cần nộp; nếu là các dòng đã bỏ, xóa hẳn các dòng đó (không chỉ ẩn) "
        "rồi gửi lại.",
    ),
    Rule(
        "FILE.FOOTER_ROW_IGNORED",
        "warning",
        "Dòng dưới cuối bảng (hoặc dòng địa danh, ngày tháng của một khối dán giữa bảng) được coi là phần ký tên "
        "hoặc ghi chú, không được nạp",
        "Không cần làm gì nếu đó là phần ký tên; nếu đó là một dòng dữ liệu, điền đủ các cột rồi gửi lại.",
    ),
    Rule(
        "FILE.ROW_REPEATED",
        "warning",
        "Dòng lặp lại một dòng phía trên (mọi ô cùng một giá trị, có thể viết khác nhau như '1' và 'TC01', "
        "'Đạt' và 'Đ'; cột Giá trị ghi dòng đó); chỉ tính một lần, được nạp hay bị giữ lại cùng dòng đó",
        "Không cần làm gì nếu đó là dòng chép thừa; nếu là hai người hay hai khóa học khác nhau, sửa dòng cho "
        "đúng rồi gửi lại.",
    ),
    Rule(
        "FILE.TOTAL_ROW_IGNORED",
        "warning",
        "Dòng tổng cộng hoặc cộng theo nhóm (ví dụ 'Tổng cộng', 'Cộng xã …') không được nạp",
        "Không cần làm gì nếu đó là dòng tổng; nếu đó là một dòng dữ liệu, sửa ô đầu tiên của dòng (không bắt "
        "đầu bằng 'Cộng', 'Tổng') rồi gửi lại.",
    ),
    Rule(
        "FILE.HEADING_ROW_IGNORED",
        "warning",
        "Dòng trong bảng được coi là tiêu đề nhóm (ví dụ 'I | Xã …') hoặc tiêu đề cột lặp lại, không được nạp",
        "Không cần làm gì nếu đó là tiêu đề nhóm hay tiêu đề lặp lại; nếu đó là một dòng dữ liệu, điền đủ các cột "
        "rồi gửi lại.",
    ),
    # Cell-level parsing, shared by every sheet.
    Rule("CELL.REQUIRED", "error", "Thiếu giá trị bắt buộc", "Nhập giá trị cho ô này."),
    Rule(
        "CELL.DATE_AFTER_RECEIPT",
        "warning",
        "Ngày muộn hơn ngày nhận tệp (sự việc chưa thể xảy ra vào lúc gửi)",
        "Kiểm tra lại ngày (thường là ghi nhầm năm). Nếu số liệu chưa chốt, gửi lại tệp khi đã có số liệu chính thức.",
    ),
    Rule(
        "CELL.DATE_INVALID",
        "error",
        "Ngày không hợp lệ",
        "Nhập một ngày dạng dd/mm/yyyy, ví dụ 05/09/1980; không ghi khoảng ngày hay quý (khóa học ghi ngày bắt "
        "đầu và ngày kết thúc ở hai cột riêng).",
    ),
    Rule("CELL.BOOL_INVALID", "error", "Giá trị Có/Không không hợp lệ", "Dùng Có/Không, x/để trống hoặc 1/0."),
    Rule("CELL.NUMBER_INVALID", "error", "Số không hợp lệ", "Nhập số nguyên, ví dụ 27.309 hoặc 27309."),
    Rule(
        "CELL.FORMULA_ERROR",
        "error",
        "Ô có công thức báo lỗi (#N/A, #REF!…), không có giá trị để nạp",
        "Sửa công thức (thường là VLOOKUP không tìm thấy giá trị cần tra) hoặc nhập thẳng giá trị vào ô.",
    ),
    Rule(
        "CELL.FORMULA_UNCALCULATED",
        "error",
        "Ô có công thức nhưng tệp không lưu kết quả của công thức (tệp do một phần mềm xuất ra, chưa mở bằng "
        "Excel: không có kết quả, hoặc chỉ có số 0 tạm chờ Excel tính lại), không có giá trị để nạp",
        "Mở tệp bằng Excel (công thức được tính khi mở), lưu lại rồi gửi lại; hoặc nhập thẳng giá trị vào ô.",
    ),
    Rule(
        "CELL.AMOUNT_UNIT_MIXED",
        "error",
        "Số tiền quá nhỏ nếu tính bằng đồng, trong khi cột có số tiền chỉ có thể tính bằng đồng dù bảng ghi đơn vị "
        "tính khác (ví dụ 150 bên cạnh 150.000.000 dưới dòng 'ĐVT: triệu đồng'): không rõ đơn vị của số này",
        "Ghi mọi số tiền của cột theo cùng một đơn vị, đúng với dòng ĐVT của bảng; hoặc ghi đơn vị vào tiêu đề cột, "
        "ví dụ 'Kinh phí (đồng)', và ghi mọi số bằng đồng.",
    ),
    Rule(
        "CELL.MARKED_TWICE",
        "error",
        "Đánh dấu (hoặc ghi) ở cả hai cột của một cặp chỉ được chọn một (cột Nam và cột Nữ, cột Có và cột Không, "
        "cột Đạt và cột Chưa đạt): không biết chọn cột nào",
        "Chỉ đánh dấu hoặc ghi vào một cột (cột Nam với cán bộ nam, cột Nữ với cán bộ nữ; cột Có hoặc cột Không), "
        "xóa ở cột còn lại.",
    ),
    Rule("CELL.CODE_UNKNOWN", "error", "Giá trị không có trong danh mục", "Chọn một giá trị trong danh mục của mẫu."),
    Rule(
        "CELL.ETHNIC_LIST_IN_DOUBT",
        "error",
        "Mã dân tộc ghi không kèm tên, mà các ô ghi cả mã và tên trong cùng cột theo danh mục dân tộc khác với "
        "danh mục đã khai: không biết mã này theo danh mục nào",
        "Ghi tên dân tộc (hoặc mã kèm tên, ví dụ «01 - Kinh»), hoặc ghi đúng Danh mục dân tộc (2008 hoặc 1979) "
        "ở sheet ThongTin rồi gửi lại.",
    ),
    Rule(
        "CELL.TOO_LONG",
        "error",
        "Ô dài hơn 32.767 ký tự, giới hạn của một ô Excel (biểu tượng cảm xúc tính mỗi cái là hai ký tự)",
        "Ô chỉ ghi một giá trị: xóa nội dung dán nhầm vào ô (giá trị trong báo cáo chỉ hiện phần đầu của ô).",
    ),
    Rule(
        "COMMUNE.NOT_IN_LIST",
        "error",
        "Mã xã không có trong danh mục đơn vị hành chính của năm báo cáo",
        "Dùng mã xã 5 chữ số của danh mục năm báo cáo (từ 2025 là danh mục sau sắp xếp).",
    ),
    Rule(
        "COMMUNE.OTHER_PROVINCE",
        "error",
        "Mã xã thuộc tỉnh khác",
        "Chỉ báo cáo các xã của tỉnh mình; kiểm tra lại mã xã có gõ nhầm không.",
    ),
    Rule(
        "COMMUNE.FROM_HEADING",
        "warning",
        "Dòng tiêu đề nhóm ghi tên xã: Mã xã để trống ở các dòng dưới đã được điền mã của xã này",
        "Kiểm tra các dòng ghi trong chi tiết đúng là của xã này; nên ghi Mã xã ở từng dòng theo mẫu.",
    ),
    Rule(
        "COMMUNE.NAME_MISMATCH",
        "error",
        "Tên xã ghi kèm mã không phải tên của mã này trong danh mục năm báo cáo",
        "Kiểm tra lại mã xã: danh mục từ 2025 dùng lại một số mã cũ cho xã khác. Nếu tên đúng, sửa mã theo danh "
        "mục năm báo cáo (danh sách chọn của mẫu năm đó); chỉ khi chắc chắn mã đúng mới sửa tên cho khớp.",
    ),
    Rule(
        "CELL.LEGACY_FONT_REPAIRED",
        "warning",
        "Ô được gõ bằng phông TCVN3 (.VnTime…) hoặc VNI (VNI-Times…); đã chuyển sang Unicode",
        "Kiểm tra lại chữ đã chuyển; lần sau gõ bằng phông Unicode (Times New Roman, Arial).",
    ),
    Rule(
        "CELL.LEGACY_FONT_UNCONVERTED",
        "warning",
        "Ô dùng phông cũ (TCVN3, VNI) nhưng chữ lẫn Unicode hoặc có thể đã là Unicode, không tự chuyển được",
        "Gõ lại nội dung ô bằng phông Unicode.",
    ),
    # ThongTin
    Rule("THONGTIN.REQUIRED", "error", "Thiếu thông tin bắt buộc trong ThongTin", "Điền Người lập và Ngày lập."),
    # CanBo
    Rule(
        "CANBO.ID.FORMAT",
        "error",
        "Số định danh cá nhân phải gồm đúng 12 chữ số",
        "Ghi đủ 12 chữ số (không ghi số CMND 9 chữ số); định dạng ô là Văn bản (Text) để giữ số 0 đầu, ví dụ "
        "001080000123.",
    ),
    Rule(
        "CANBO.ID.PADDED",
        "warning",
        "Số định danh bị mất số 0 đầu (ô kiểu số); đã bổ sung",
        "Định dạng cột là Text để giữ số 0 đầu.",
    ),
    Rule(
        "CANBO.ID.PROVINCE",
        "error",
        "3 chữ số đầu của số định danh cá nhân không phải mã tỉnh, thành phố nơi đăng ký khai sinh hợp lệ (001–096)",
        "Kiểm tra lại số định danh.",
    ),
    Rule(
        "CANBO.ID.GENDER_DIGIT",
        "error",
        "Chữ số giới tính của số định danh không khớp Giới tính",
        "Chữ số thứ 4: 0/2 là nam, 1/3 là nữ; kiểm tra Giới tính hoặc số định danh.",
    ),
    Rule(
        "CANBO.ID.CENTURY",
        "error",
        "Chữ số thế kỷ của số định danh không khớp năm sinh",
        "Chữ số thứ 4: 0/1 sinh 1900–1999, 2/3 sinh 2000–2099.",
    ),
    Rule(
        "CANBO.ID.BIRTH_YEAR",
        "error",
        "Chữ số năm sinh (5–6) của số định danh không khớp Ngày sinh",
        "Kiểm tra Ngày sinh hoặc số định danh.",
    ),
    Rule("CANBO.ID.DUPLICATE", "error", "Số định danh bị trùng trong sheet", "Mỗi người chỉ một dòng."),
    Rule("CANBO.AGE.RANGE", "error", "Tuổi tại ngày báo cáo phải từ 18 đến 70", "Kiểm tra Ngày sinh."),
    Rule(
        "CANBO.POSITION.TWO_POSTS",
        "warning",
        "Ô ghi hai chức vụ (… kiêm …): đã nạp chức vụ ghi trước, chức vụ kiêm nhiệm không được nạp",
        "Mẫu ghi một chức vụ cho mỗi người: ghi chức vụ chính ở cột Chức vụ. Nếu chức vụ chính là chức vụ ghi "
        "sau chữ «kiêm», sửa lại ô rồi gửi lại.",
    ),
    Rule(
        "CANBO.POSITION.NOT_FOR_YEAR",
        "error",
        "Chức vụ không thuộc danh mục chức vụ của năm báo cáo",
        "Chi tiết ghi các năm của chức vụ đã ghi. Đến năm 2024 công chức xã dùng chức danh cũ (Văn phòng - "
        "thống kê, Tư pháp - hộ tịch, Tài chính - kế toán…; Trưởng Công an xã chỉ đến năm 2019); từ năm 2025 "
        "dùng Trưởng phòng, Phó Trưởng phòng, Chuyên viên cho công chức xã, và danh mục không còn Người hoạt "
        "động không chuyên trách.",
    ),
    Rule("CANBO.GROUP.MISMATCH", "error", "Nhóm không khớp với chức vụ", "Ví dụ Chủ tịch UBND thuộc nhóm Cán bộ."),
    Rule("CANBO.APPOINTED.BEFORE_18", "error", "Ngày bổ nhiệm trước khi đủ 18 tuổi", "Kiểm tra Ngày bổ nhiệm."),
    Rule(
        "CANBO.APPOINTED.AFTER_REPORT_DATE",
        "error",
        "Ngày bổ nhiệm sau ngày báo cáo (31/12 năm báo cáo)",
        "Kiểm tra Ngày bổ nhiệm.",
    ),
    Rule("CANBO.SENDING_AGENCY.REQUIRED", "error", "Biệt phái/Luân chuyển phải ghi Cơ quan cử", "Ghi tên cơ quan cử."),
    # KhoaHoc
    Rule("KHOAHOC.CODE.DUPLICATE", "error", "Mã khóa học bị trùng", "Mỗi khóa học một mã."),
    Rule(
        "KHOAHOC.DEGREE.REQUIRED",
        "warning",
        "Khóa Đào tạo không ghi Trình độ đào tạo: khóa được nạp như khóa không cấp văn bằng",
        "Nếu khóa cấp văn bằng (Trung cấp trở lên), chọn trình độ đào tạo; nếu không (đào tạo nghề sơ cấp, "
        "dưới 3 tháng), để trống.",
    ),
    Rule(
        "KHOAHOC.DEGREE.UNEXPECTED",
        "warning",
        "Chỉ khóa Đào tạo mới có Trình độ đào tạo",
        "Để trống Trình độ đào tạo với Bồi dưỡng/Tập huấn.",
    ),
    Rule(
        "KHOAHOC.DATES.ORDER",
        "error",
        "Ngày kết thúc trước ngày bắt đầu",
        "Kiểm tra Ngày bắt đầu, Ngày kết thúc (thường do nhầm ngày với tháng).",
    ),
    Rule("KHOAHOC.DATES.OUTSIDE_YEAR", "error", "Khóa học không diễn ra trong năm báo cáo", "Kiểm tra ngày."),
    Rule("KHOAHOC.NUMBER.NEGATIVE", "error", "Số không được âm", "Nhập số ≥ 0."),
    Rule(
        "KHOAHOC.BUDGET.SMALL",
        "warning",
        "Kinh phí dưới 100.000 đồng: có thể đã ghi theo triệu hoặc nghìn đồng",
        "Ghi kinh phí bằng đồng (15 triệu là 15.000.000), hoặc ghi đơn vị ở tiêu đề cột: 'Kinh phí (triệu đồng)'; "
        "nếu tiêu đề đã ghi đơn vị, kiểm tra lại số và đơn vị đó.",
    ),
    Rule(
        "KHOAHOC.BUDGET.LARGE",
        "error",
        "Kinh phí trên 100 tỷ đồng cho một khóa: số và đơn vị không khớp",
        "Kiểm tra đơn vị ở tiêu đề cột (hoặc dòng ĐVT phía trên bảng): số ghi bằng đồng thì tiêu đề là "
        "'Kinh phí (đồng)'; ô định dạng hiển thị theo triệu vẫn chứa số đồng.",
    ),
    Rule(
        "KHOAHOC.PARTICIPANTS.TOO_FEW",
        "error",
        "Số lượt học viên nhỏ hơn số dòng của khóa trong HocVien",
        "Số lượt học viên phải ≥ số học viên liệt kê.",
    ),
    # HocVien
    Rule(
        "HOCVIEN.COURSE.UNKNOWN",
        "error",
        "Mã khóa học không có trong sheet KhoaHoc",
        "Thêm khóa học vào KhoaHoc, hoặc sửa Mã khóa học cho khớp với KhoaHoc.",
    ),
    Rule(
        "HOCVIEN.CADRE.UNKNOWN",
        "error",
        "Số định danh không có trong sheet CanBo",
        "Sửa số định danh cho đúng, hoặc thêm cán bộ vào CanBo; nếu cán bộ đã có trong CanBo, kiểm tra số định "
        "danh ở dòng của cán bộ đó (ghi sai, để trống hoặc báo lỗi như #N/A).",
    ),
    Rule(
        "HOCVIEN.COURSE.FROM_HEADING",
        "warning",
        "Dòng tiêu đề lớp ghi khóa học: Mã khóa học để trống ở các dòng dưới đã được điền mã của khóa này",
        "Kiểm tra các dòng ghi trong chi tiết đúng là học viên của khóa này; nên ghi Mã khóa học ở từng dòng theo mẫu.",
    ),
    Rule("HOCVIEN.DUPLICATE", "error", "Học viên bị lặp trong cùng khóa học", "Mỗi người một dòng cho mỗi khóa."),
    Rule(
        "HOCVIEN.DEPENDS_ON_INVALID",
        "error",
        "Cán bộ hoặc khóa học của dòng này có lỗi nên dòng bị giữ lại",
        "Ô được đánh dấu chỉ ra nguyên nhân: số định danh (sửa dòng của cán bộ này trong CanBo) hoặc mã khóa "
        "học (sửa dòng của khóa học này trong KhoaHoc).",
    ),
    # TieuChi
    Rule(
        "TIEUCHI.CRITERION.NOT_IN_SET",
        "error",
        "Mã tiêu chí không thuộc bộ tiêu chí của năm báo cáo",
        "Đến 2025: tiêu chí 1–19; từ 2026: tiêu chí 1–10.",
    ),
    Rule(
        "TIEUCHI.CRITERION.NAME_MISMATCH",
        "error",
        "Tên tiêu chí ghi kèm số là tên một tiêu chí khác, không phải tiêu chí số này của bộ tiêu chí năm báo cáo",
        "Các bộ tiêu chí đánh số khác nhau (từ 2026, QĐ 51/2025 có 10 tiêu chí; tiêu chí 10 không còn là Thu "
        "nhập). Ghi số tiêu chí theo bộ của năm báo cáo, dùng mẫu của năm đó; nếu tên đúng, sửa số cho khớp.",
    ),
    Rule(
        "TIEUCHI.OTHER_SET",
        "error",
        "Xã này báo cáo theo bộ tiêu chí khác bộ của năm (có tiêu chí mà bộ của năm không có); các tiêu chí "
        "của xã không được nạp vì số thứ tự tiêu chí không cùng nghĩa",
        "Báo cáo theo bộ tiêu chí của năm: đến 2025 là 19 tiêu chí, từ 2026 là 10 tiêu chí (QĐ 51/2025); "
        "dùng mẫu của năm báo cáo.",
    ),
    Rule("TIEUCHI.ASSESSED.OUTSIDE_YEAR", "error", "Ngày đánh giá không thuộc năm báo cáo", "Kiểm tra Ngày đánh giá."),
    Rule("TIEUCHI.DUPLICATE", "error", "Xã và tiêu chí bị lặp", "Mỗi xã một dòng cho mỗi tiêu chí."),
    Rule(
        "TIEUCHI.INCOMPLETE",
        "warning",
        "Xã chưa báo cáo đủ các tiêu chí của bộ tiêu chí",
        "Bổ sung tiêu chí còn thiếu.",
    ),
    Rule(
        "TIEUCHI.C18_STANDARD",
        "warning",
        "Tiêu chí 18 ghi Đạt nhưng sheet CanBo có cán bộ, công chức của xã chưa đạt chuẩn (chỉ tiêu 18.1)",
        "Kiểm tra lại tiêu chí 18 hoặc cột Đạt chuẩn của các cán bộ, công chức đó trong CanBo.",
    ),
    # CongNhan
    Rule("CONGNHAN.DUPLICATE", "error", "Xã được công nhận bị lặp", "Mỗi xã một dòng."),
    Rule(
        "CONGNHAN.DECIDED.OUTSIDE_WINDOW",
        "error",
        "Ngày quyết định phải từ 01/01 năm báo cáo đến 30/06 năm sau",
        "Kiểm tra Ngày quyết định.",
    ),
    Rule(
        "CONGNHAN.CRITERIA_NOT_MET",
        "warning",
        "Xã được công nhận nhưng TieuChi không ghi Đạt cho tất cả tiêu chí của xã",
        "Kiểm tra lại TieuChi của xã: tiêu chí ghi Chưa đạt, hoặc ô Trạng thái ghi sai hoặc bỏ trống.",
    ),
    Rule(
        "CONGNHAN.CRITERIA_NOT_REPORTED",
        "warning",
        "Xã được công nhận nhưng TieuChi không có dòng tiêu chí nào của xã",
        "Báo cáo các tiêu chí của xã trong TieuChi (mỗi tiêu chí một dòng), hoặc kiểm tra lại Mã xã.",
    ),
)

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}


def rule(code: str) -> Rule:
    """The catalogue entry for a code; an unknown code is a programming error."""
    return RULES[code]


REJECTING_CODES: frozenset[str] = frozenset(r.code for r in _RULES if r.rejects_file)
ERROR_CODES: frozenset[str] = frozenset(r.code for r in _RULES if r.severity == "error")


TAB_RULES = frozenset(
    {
        "FILE.HEADER_NOT_FOUND",
        "FILE.CRITERIA_AS_COLUMNS",
        "FILE.SHEET_UNKNOWN",
        "FILE.SHEET_DUPLICATE",
        "FILE.HIDDEN_SHEET_IGNORED",
        "FILE.SHEET_TOO_LARGE",
    }
)
"""Rules about a tab that was not read: their `sheet` is the tab as the province named it already."""

ROW_RULES = frozenset(
    {
        "FILE.TOTAL_ROW_IGNORED",
        "FILE.HEADING_ROW_IGNORED",
        "FILE.FOOTER_ROW_IGNORED",
        "FILE.ROW_REPEATED",
        "FILE.HIDDEN_ROWS_READ",
        "FILE.FORMULAS_UNCALCULATED",
    }
)
"""Rules about a whole row (its `row`, no column): the annotated copy marks the row's first cell read."""

UNOPENED_RULES = frozenset({"FILE.UNREADABLE", "FILE.PASSWORD_PROTECTED", "FILE.SHEET_TOO_LARGE"})
"""Rules of a file that could not be opened: its report copies none of its cells."""


def catalogue_markdown() -> str:
    """The page that lists every rule (docs/rules.md is generated from this)."""
    lines = [
        "# Quy tắc kiểm tra — rule catalogue",
        "",
        "Generated by `cadres rules --out docs/rules.md` from `schemas/rules.py`; do not edit by hand.",
        "Codes are stable: reports, JSON and the warehouse (`dim_rule`) use them.",
        "",
        "| Mã quy tắc | Mức độ | Từ chối cả tệp | Lỗi | Cách sửa |",
        "|---|---|---|---|---|",
    ]
    for r in _RULES:
        lines.append(f"| `{r.code}` | {r.severity} | {'có' if r.rejects_file else ''} | {r.message} | {r.hint} |")
    return "\n".join(lines) + "\n"
