import AutourCore
import AutourWeb
import Testing

@Suite("Reading a posted form")
struct FormDataTests {
    @Test("fields are decoded (spaces, accents, empty ones), each read once; a field sent twice is refused")
    func decoding() throws {
        let form = try FormData.parse("reason=Quatre+demandes%2C+d%C3%A9j%C3%A0+suivie.&empty=&_csrf=abc")
        #expect(form.text("reason") == "Quatre demandes, déjà suivie.")
        #expect(form["empty"] == "" && form.text("missing") == "")
        #expect(try FormData.parse("reason=++").text("reason") == "")
        #expect(try FormData.parse("").values.isEmpty)
        #expect(throws: AutourError.self) { try FormData.parse("kind=a&kind=b") }
    }
}
