// swift-tools-version:6.1
// The HTTP peer: a bare Hummingbird route answering the same JSON as Autour's /health, with no
// middleware. Autour's /health goes through its whole middleware stack; the ratio is its cost.
import PackageDescription

let package = Package(
    name: "hummingbird-hello",
    platforms: [.macOS(.v14)],
    dependencies: [.package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1")],
    targets: [.executableTarget(name: "hello", dependencies: [.product(name: "Hummingbird", package: "hummingbird")])]
)
