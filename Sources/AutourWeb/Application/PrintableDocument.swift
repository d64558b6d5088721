/// A document printed from the browser (a convention, an agreement, a decision letter, a
/// commission's minutes): a title and sections of paragraphs, rendered by `document.mustache`
/// without the site's header, navigation and forms on paper.
struct PrintableDocument {
    struct Section {
        let heading: String
        let lines: [String]
    }

    let title: String
    let sections: [Section]
    let back: String
}
