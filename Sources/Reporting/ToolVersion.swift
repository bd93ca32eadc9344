/// The version of TFPKit and `tfp`, printed by `tfp --version` and written into
/// every JSON output (`tfp_version`), so that a number can be traced to the tool
/// that made it. Bumped with each release entry of CHANGELOG.md.
public enum ToolVersion {
    public static let current = "0.8.4"
}
