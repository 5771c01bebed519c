using System;
using System.Collections.Generic;

namespace Deid.Profile
{
    /// <summary>One code of PS3.16 CID 7050 (De-identification Method).</summary>
    internal readonly struct DeidentificationMethodCode
    {
        public DeidentificationMethodCode(string value, string scheme, string meaning)
        {
            Value = value;
            Scheme = scheme;
            Meaning = meaning;
        }

        /// <summary>Code Value (0008,0100), e.g. 113100.</summary>
        public string Value { get; }

        /// <summary>Coding Scheme Designator (0008,0102): DCM.</summary>
        public string Scheme { get; }

        /// <summary>Code Meaning (0008,0104), e.g. Basic Application Confidentiality Profile.</summary>
        public string Meaning { get; }
    }

    /// <summary>PS3.16 CID 7050 (generated), by code value and by code meaning (the text recipes write into De-identification Method).</summary>
    internal static partial class DeidentificationMethodCodes
    {
        /// <summary>The Basic Application Confidentiality Profile.</summary>
        public const string BasicProfile = "113100";

        /// <summary>The Clean Pixel Data Option.</summary>
        public const string CleanPixelData = "113101";

        // Built on first use: the order in which the static fields of a partial class's files initialize is not defined, and Rows
        // lives in the generated file.
        private static Dictionary<string, DeidentificationMethodCode>? _byMeaning;
        private static Dictionary<string, DeidentificationMethodCode>? _byValue;

        private static Dictionary<string, DeidentificationMethodCode> ByMeaning => _byMeaning ??= Index(2);

        private static Dictionary<string, DeidentificationMethodCode> ByValue => _byValue ??= Index(0);

        private static Dictionary<string, DeidentificationMethodCode> Index(int column)
        {
            var map = new Dictionary<string, DeidentificationMethodCode>(StringComparer.OrdinalIgnoreCase);
            foreach (var r in Rows) map[r[column]] = new DeidentificationMethodCode(r[0], r[1], r[2]);
            return map;
        }

        /// <summary>The code whose meaning is <paramref name="meaning"/> (ignoring case and surrounding spaces).</summary>
        public static bool TryGetByMeaning(string meaning, out DeidentificationMethodCode code) => ByMeaning.TryGetValue(meaning.Trim(), out code);

        /// <summary>The code with value <paramref name="value"/>.</summary>
        public static DeidentificationMethodCode Get(string value) => ByValue[value];
    }
}
