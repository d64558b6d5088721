// swift-tools-version:6.1
import PackageDescription

// Builds swift-openapi-generator apart from the app, so that the app's clean build does not pay
// for it: .ci/generate-api runs it on Sources/AutourAPI/openapi.yaml and the generated code is
// committed (CI fails when it is stale).
let package = Package(
    name: "openapi-generator",
    dependencies: [.package(url: "https://github.com/apple/swift-openapi-generator.git", exact: "1.14.3")],
    targets: []
)
