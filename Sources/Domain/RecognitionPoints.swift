/// What each recognised contribution is worth. Points are never stored: they are recomputed from
/// facts already recorded (codes that worked, obligations fulfilled, referrals in good standing),
/// so they cannot be awarded twice and never drift from what happened.
public enum RecognitionPoints {
    /// A donated code that the recipient (another member) reported as working.
    public static let workedCode = 10
    /// A return obligation fulfilled (every owed code donated) by its deadline.
    public static let returnOnTime = 5
    /// A referred member in good standing who has donated a code that worked themselves.
    public static let activeReferral = 5
}
