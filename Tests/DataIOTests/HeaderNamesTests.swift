import DataIO
import Foundation
import Testing
import _TestSupport

/// Issue 11: roles recognised from the headers departments write, never guessed when ambiguous.
@Suite struct HeaderNamesTests {
    @Test func vietnameseAndEnglishHeadersNameTheirRoles() {
        let cases: [(String, Role?)] = [
            ("Tổng sản phẩm trên địa bàn (GRDP) theo giá so sánh 2010 (tỷ đồng)", .output),
            ("TONG SAN PHAM TREN DIA BAN", .output),
            ("GDP (constant 2010 prices)", .output),
            ("GRDP theo giá hiện hành", .outputNominal),  // current prices are never growth accounting's output
            ("GRDP bình quân đầu người", nil),  // per head: not a level
            ("Tốc độ tăng GRDP (%)", nil),  // a growth rate
            ("Vốn đầu tư thực hiện trên địa bàn", .investment),
            ("Lao động từ 15 tuổi trở lên đang làm việc (nghìn người)", .employment),
            ("Lực lượng lao động", nil),  // the labour force is not employment: map it knowingly
            ("Số giờ làm việc bình quân", .hours),
            ("Tỉnh/Thành phố", .region), ("Địa phương", .region), ("Năm", .year),
            ("Nam Định", nil),  // a name containing 'nam' is no year
        ]
        for (header, role) in cases { #expect(HeaderNames.role(of: header) == role, "\(header)") }
    }

    @Test func aFileWithVietnameseHeadersIsReadAndSaysSo() throws {
        let path = try temporaryFile(
            """
            Tỉnh/Thành phố;Năm;Tổng sản phẩm trên địa bàn (GRDP) theo giá so sánh 2010 (tỷ đồng);Lao động đang làm việc (nghìn người)
            Đà Nẵng;2018;60000,5;600
            Đà Nẵng;2019;64000;610

            """)
        let panel = try Panel.read(path: path, options: CSVOptions(decimal: .comma), required: [.output, .employment])
        #expect(panel.value(.output, 0) == 60000.5)
        #expect(panel.value(.employment, 1) == 610)
        #expect(panel.recognisedHeaders.map(\.role) == [.employment, .output, .region, .year])
        // Two headers that could both be investment are not guessed between.
        let two = try temporaryFile("region,year,output,employment,Vốn đầu tư nhà nước,Vốn đầu tư ngoài nhà nước\nA,2018,5,1,1,2\nA,2019,6,1,1,2\n")
        #expect(throws: DataIOError.self) { try Panel.read(path: two, required: [.investment]) }
        // --column decides over a recognised header.
        let chosen = try Panel.read(path: two, mapping: ColumnMapping(assignments: ["investment=Vốn đầu tư nhà nước"]), required: [.investment])
        #expect(chosen.value(.investment, 0) == 1)
    }
}
