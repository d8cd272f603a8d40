/// The release of SoraShare this binary was built from.
public enum Version {
    public static let current = "0.1.0"
}
