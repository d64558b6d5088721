extension Optional {
    /// `map` for an async transform: a service loads the record an optional id names.
    public func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
