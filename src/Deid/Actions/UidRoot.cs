using System.Globalization;
using System.Runtime.CompilerServices;

namespace Deid.Actions
{
    /// <summary>
    /// What a UID root may be (pydicom's <c>RE_VALID_UID_PREFIX</c>): numeric components without leading zeros, separated by dots,
    /// and short enough that every UID made from it keeps <see cref="MinimumOwnDigits"/> digits of its own within DICOM's
    /// 64 characters. One rule for the cmdlets' <c>-UidRoot</c> and for the prefixes a recipe's <c>deid_func</c> names.
    /// </summary>
    public static class UidRoot
    {
        /// <summary>A root, with or without its final dot (<c>-UidRoot</c> accepts both).</summary>
        public const string Pattern = @"^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*\.?$";

        /// <summary>The longest a UID may be (PS3.5 §9.1).</summary>
        public const int MaxUidLength = 64;

        /// <summary>
        /// The fewest digits a new UID keeps after its root. New UIDs are the root and a hash cut to fit 64 characters: a root
        /// leaving 3 digits gave 2,000 files 730 distinct UIDs. 20 decimal digits (66 bits) keep a collision unlikely well past
        /// a billion UIDs under one root.
        /// </summary>
        public const int MinimumOwnDigits = 20;

        /// <summary>The longest root, without its final dot: 64 − 1 (the dot) − <see cref="MinimumOwnDigits"/> = 43 characters.</summary>
        public const int MaxLength = MaxUidLength - 1 - MinimumOwnDigits;


        /// <summary>
        /// True when <paramref name="prefix"/> can start new UIDs: a root ending with its dot (as pydicom's <c>generate_uid</c>
        /// wants it) of at most <see cref="MaxLength"/> + 1 characters.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public static bool IsPrefix(string prefix) =>
            prefix != null && prefix.Length > 1 && prefix[prefix.Length - 1] == '.' && Check(prefix) == null;

        /// <summary>
        /// Null when <paramref name="root"/> (with or without its final dot) may start new UIDs; otherwise why not, saying how long
        /// it may be. The text suits an error naming the parameter or recipe line it came from.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public static string? Check(string? root)
        {
            if (root == null || root.Length == 0 || root == ".") return "a UID root cannot be empty.";
            if (!HasRootSyntax(root))
                return $"'{root}' is not a UID root: digits in components separated by dots, no empty component and no leading zero (e.g. 1.2.826.0.1.3680043.10.1234).";
            int length = root[root.Length - 1] == '.' ? root.Length - 1 : root.Length;
            if (length > MaxLength)
            {
                return string.Format(CultureInfo.InvariantCulture,
                    "the UID root '{0}' is {1} characters; it may be at most {2} (without its final dot), so that every new UID keeps at least {3} digits of its own within the 64 characters DICOM allows (a longer root makes duplicate UIDs).",
                    root, length, MaxLength, MinimumOwnDigits);
            }
            return null;
        }

        /// <summary>
        /// True when <paramref name="root"/> is what <see cref="Pattern"/> describes: numeric components without leading zeros
        /// separated by single dots, maybe a final dot. A loop, not the regular expression: every new UID checks its prefix, and
        /// the framework's regular expression interpreter stays in tiered PGO's instrumented code under pwsh (see HotPath). It is
        /// also stricter than .NET's <c>$</c>, which lets one final line feed through.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public static bool HasRootSyntax(string? root)
        {
            if (root == null || root.Length == 0) return false;
            int componentStart = 0;
            for (int i = 0; i <= root.Length; i++)
            {
                if (i < root.Length && root[i] >= '0' && root[i] <= '9') continue;
                int length = i - componentStart;
                // A component: at least one digit, and no leading zero unless it is 0 itself.
                if (length == 0)
                {
                    // Empty: allowed only as what follows the final dot of a root that has a component before it.
                    return i == root.Length && i > 1 && root[i - 1] == '.';
                }
                if (length > 1 && root[componentStart] == '0') return false;
                if (i == root.Length) return true;
                if (root[i] != '.') return false;
                componentStart = i + 1;
            }
            return true;
        }

        /// <summary>
        /// A new UID: <paramref name="prefix"/> (a root ending with its dot) and <paramref name="digits"/> (a decimal number without
        /// leading zeros) cut to 64 characters. Throws when the prefix is not one <see cref="IsPrefix"/> accepts, rather than make a
        /// UID that ends in a dot or shares its few digits with others.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public static string Compose(string prefix, string digits)
        {
            if (!IsPrefix(prefix)) throw new System.ArgumentException(Check(prefix) ?? $"'{prefix}' must end with a dot.", nameof(prefix));
            string uid = prefix + digits;
            return uid.Length <= MaxUidLength ? uid : uid.Substring(0, MaxUidLength);
        }
    }
}
