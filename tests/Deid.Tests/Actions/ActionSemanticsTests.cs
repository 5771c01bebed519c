using System;
using System.Collections.Generic;
using System.Linq;
using Deid.Actions;
using Deid.Dicom;
using Xunit;
using static Deid.Tests.Actions.ReferenceCases;

namespace Deid.Tests.Actions
{
    /// <summary>
    /// deid's action semantics spelled out on the differential cases: each test names what deid does, and checks that deid's
    /// recorded file and ours both hold the value that says so (the differential tests compare every other element).
    /// </summary>
    public class ActionSemanticsTests
    {
        /// <summary>Asserts deid's file and ours hold each check's Expected value at its Path (null: absent).</summary>
        private static void Both(string caseName, string file, params (string Path, string? Expected)[] checks)
        {
            var deid = Expected(caseName, file);
            var ours = RunOurs(caseName, file, new List<string>());
            foreach (var (path, expected) in checks)
            {
                Assert.True(expected == At(deid.Dataset, path), $"deid {caseName}/{file} {path}: {At(deid.Dataset, path)}, test expects {expected}");
                Assert.True(expected == At(ours.Dataset, path), $"ours {caseName}/{file} {path}: {At(ours.Dataset, path)}, expected {expected}");
            }
        }

        private static string In(string caseName, string file, string path) => At(DicomFile.Open(InputPath(Input(caseName, file))).Dataset, path)!;

        [Fact]
        public void ReplaceTextAtEveryDepthKeepsQuotesAndTurnsMultiValuedIntoOne() => Both("replace-text", "vr-matrix.dcm",
            ("(0010,0010)", "SMITH^JANE"), ("(0011,1006)__0__(0010,0010)", "SMITH^JANE"), ("(0010,1001)", "A^B"), ("(0010,1010)", "040Y"),
            ("(0010,0020)", "NEWID"), ("(0010,1002)__1__(0010,0020)", "NEWID"), ("(0010,1002)__0__(0010,0021)", "ISSUER"),
            ("(0040,A730)__0__(0008,1199)__0__(0040,A160)", "\"quoted text\""), ("(0010,21B0)", "none"));

        [Fact]
        public void LiteralsAreTypedByTheElementsVR()
        {
            Both("replace-numeric", "vr-matrix.dcm", ("(0028,0010)", "8"), ("(0018,9219)", "-3"), ("(0028,9001)", "80000"), ("(0018,6020)", "-5"),
                ("(0018,1320)", "2.5"), ("(0008,1163)", "3.5"), ("(0018,0050)", "3.75"), ("(0020,0013)", "12"), ("(0011,1003)", "43"), ("(0011,1007)", "99.5"),
                ("(0008,1140)__0__(0062,000B)", "9"), ("(0008,1140)__0__(0008,1160)", "5"), ("(0008,2134)", "1000"), ("(0040,A730)__0__(0008,1199)__0__(0040,A161)", "2.5"));
            var ours = RunOurs("replace-numeric", "vr-matrix.dcm", new List<string>());
            foreach (var (tag, vr) in new[] { (0x00280010u, DicomVR.US), (0x00189219u, DicomVR.SS), (0x00289001u, DicomVR.UL), (0x00181320u, DicomVR.FL), (0x00082134u, DicomVR.FD) })
            {
                ours.Dataset.TryGetElement(new DicomTag(tag), out var e);
                Assert.Equal(vr, e.VR);
            }
        }

        [Fact]
        public void TextANumericVRCannotTakeRemovesTheElement_DeidSaysBlankedButLeavesIt()
        {
            // Deliberately ours since issue #10 (class 2): an action that says change never leaves the original value. deid says
            // "BLANKED" and keeps it; ours removes what neither the element's VR nor the dictionary's can take, and says so.
            var deid = Expected("replace-numeric-unconvertible", "vr-matrix.dcm");
            var warnings = new List<string>();
            var ours = RunOurs("replace-numeric-unconvertible", "vr-matrix.dcm", warnings);
            foreach (var (path, original) in new[] { ("(0028,0010)", "4"), ("(0028,0011)", "4"), ("(0018,1320)", "1.25"), ("(0018,9219)", "-7"), ("(0011,1003)", "42") })
            {
                Assert.Equal(original, At(deid.Dataset, path));
                Assert.Null(At(ours.Dataset, path));
            }
            Assert.Contains(Outcome("replace-numeric-unconvertible", "vr-matrix.dcm").Log, l => l.Contains("Value (abc) is not a valid value for VR US field: Rows. Field will be BLANKED."));
            Assert.Equal(5, warnings.Count(w => w.Contains("removed so that its original value does not remain") && w.Contains("is not a")));
        }

        [Fact]
        public void ReplaceWritesDatesTimesUidsAndBytesAsGiven()
        {
            Both("replace-date-time-uid", "vr-matrix.dcm", ("(0008,0020)", "20200101"), ("(0008,0030)", "120000"), ("(0008,002A)", "20200101120000"),
                ("(0020,0052)", "1.2.3.4"), ("(0008,0062)", "1.2.3"), ("(0040,A730)__0__(0040,A121)", "20200202"), ("(0011,1002)", "20200303"), ("(0011,1008)", "20200303101010"));
            var deid = Expected("replace-binary", "vr-matrix.dcm");
            var ours = RunOurs("replace-binary", "vr-matrix.dcm", new List<string>());
            foreach (var (tag, text) in new[] { (0x0016002Bu, "abc"), (0x00281221u, "abcd"), (0x0072006Du, "xyz"), (0x00111004u, "ab"), (0x00111005u, "secret") })
            {
                foreach (var d in new[] { deid, ours })
                {
                    d.Dataset.TryGetElement(new DicomTag(tag), out var e);
                    Assert.Equal(text, System.Text.Encoding.ASCII.GetString(e.RawValue.Span).TrimEnd('\0'));
                    // Ours pads every value to even length; pydicom writes the UN "xyz" with its odd length of 3 (invalid DICOM).
                    if (d == ours) Assert.Equal(0, e.RawValue.Length % 2);
                }
            }
            foreach (var d in new[] { deid, ours })
            {
                var item = d.Dataset.GetSequence(new DicomTag(0x0040, 0xA730))![0].GetSequence(new DicomTag(0x0008, 0x1199))![0];
                item.TryGetElement(new DicomTag(0x0042, 0x0011), out var nested);
                Assert.Equal("nested", System.Text.Encoding.ASCII.GetString(nested.RawValue.Span));
            }
            deid.Dataset.TryGetElement(new DicomTag(0x0072, 0x006D), out var odd);
            Assert.Equal(3, odd.RawValue.Length);
        }

        [Fact]
        public void RemoveAndBlankReachEveryVRAndDepth()
        {
            Both("remove", "vr-matrix.dcm", ("(0010,0010)", null), ("(0011,1006)__0__(0010,0010)", null), ("(0018,9219)", null), ("(0008,1110)", null),
                ("(0010,1002)__0__(0010,0020)", null), ("(0040,A730)__0__(0040,A121)", null), ("(0011,1005)", null), ("(0011,1006)", null), ("(0011,1101)", null),
                ("(0013,1010)", null), ("(0018,1200)", null), ("(0028,0009)", null), ("(0016,002B)", null), ("(0040,A730)__0__(0008,1199)__0__(0040,A161)", null), ("(0040,A730)__0__(0008,1199)__0__(0042,0011)", null), ("(7FE0,0010)", In("remove", "vr-matrix.dcm", "(7FE0,0010)")));
            Both("blank", "vr-matrix.dcm", ("(0010,0010)", ""), ("(0028,0010)", ""), ("(0018,1320)", ""), ("(0008,0020)", ""), ("(0020,0052)", ""), ("(0016,002B)", ""),
                ("(0008,1140)", "(sequence of 0)"), ("(0011,1006)", "(sequence of 0)"), ("(0010,1002)__0__(0010,0021)", ""), ("(0011,1001)", ""), ("(0028,0009)", ""),
                ("(0040,A730)__0__(0008,1199)__0__(0040,A161)", ""), ("(0040,A730)__0__(0008,1199)__0__(0042,0011)", ""));
            Both("blank", "test-SR.dcm", ("(0040,A730)__1__(0040,A730)__0__(0040,A043)__0__(0008,0104)", ""));
        }

        [Fact]
        public void AddSetsTheTopLevelElementOnlyWhetherPresentOrNot()
        {
            Both("add", "vr-matrix.dcm", ("(0012,0062)", "YES"), ("(0010,0010)", "ADDED^NAME"), ("(0011,1006)__0__(0010,0010)", "PRIV^NESTED"),
                ("(0012,0063)", "\"deid test\""), ("(0028,0010)", "8"), ("(0008,1030)", "NEW DESCRIPTION"), ("(0011,1001)", "PRIVATE ADDED"),
                ("(0010,1002)__1__(0011,1001)", "NESTED PRIVATE DOE"), ("(0010,0020)", "TAG-ADDED"), ("(0010,1002)__0__(0010,0020)", "OTHER-1"));
            var ours = RunOurs("add", "CT_small.dcm", new List<string>());
            ours.Dataset.TryGetElement(new DicomTag(0x0012, 0x0062), out var added);
            Assert.Equal(DicomVR.CS, added.VR);
        }

        [Fact]
        public void AddOfAGroup0002KeywordGoesIntoTheFileMeta()
        {
            foreach (var f in new[] { Expected("add-file-meta", "vr-matrix.dcm"), RunOurs("add-file-meta", "vr-matrix.dcm", new List<string>()) })
            {
                Assert.Equal("DEID_AE", f.FileMetaInformation.GetString(new DicomTag(0x0002, 0x0016)));
                Assert.False(f.Dataset.Contains(new DicomTag(0x0002, 0x0016)));
            }
        }

        [Fact]
        public void KeepOfATopLevelElementProtectsItsTagAtEveryDepthAgainstRemoveAll()
        {
            var deid = Expected("remove-all-keep", "vr-matrix.dcm");
            var ours = RunOurs("remove-all-keep", "vr-matrix.dcm", new List<string>());
            var kept = new[] { "(0008,0020)", "(0008,1110)", "(0010,0020)", "(7FE0,0010)" };
            Assert.Equal(kept, deid.Dataset.Elements.Select(e => e.Tag.ToString()).ToArray());
            Assert.Equal(kept, ours.Dataset.Elements.Select(e => e.Tag.ToString()).ToArray());
            Both("remove-all-keep", "vr-matrix.dcm", ("(0008,1110)__0__(0008,1155)", "1.2.826.0.1.3680043.8.498.1001"), ("(0010,0020)", "PID-123"));
            // REMOVE ALL reaches the file meta as well, but for deid's protected fields (transfer syntax, implementation UID).
            Assert.Null(ours.FileMetaInformation.GetString(new DicomTag(0x0002, 0x0002)));
            Assert.Null(deid.FileMetaInformation.GetString(new DicomTag(0x0002, 0x0002)));
        }

        [Fact]
        public void KeepWinsOverReplaceBlankAndJitterButNotOverAdd() => Both("keep-then-blank-replace", "vr-matrix.dcm",
            ("(0010,0010)", "DOE^JOHN"), ("(0008,0020)", "20050303"), ("(0010,0020)", "ADDED-OVER-KEEP"), ("(0010,1002)__0__(0010,0020)", "OTHER-1"));

        [Fact]
        public void ReplaceAndJitterSpareAnElementFromRemoveWhateverTheOrder() => Both("replace-protects-from-remove", "vr-matrix.dcm",
            ("(0010,0010)", "REPLACED"), ("(0008,0050)", "ACC"), ("(0008,0020)", "20050304"), ("(0010,0030)", null), ("(0040,A730)__0__(0040,A121)", null));

        [Fact]
        public void RemoveAllSparesOnlyWhatIsReplacedOrJittered()
        {
            Both("remove-all-replace", "CT_small.dcm", ("(0010,0020)", "ANON"), ("(0008,0020)", "20040121"), ("(0010,0010)", null),
                ("(0020,000D)", new UidGenerator().PydicomUuid(In("remove-all-replace", "CT_small.dcm", "(0020,000D)"))));
            // A values: field spares nothing: deid's excluded_from_deletion expands it to no element.
            Both("remove-all-values-replace", "CT_small.dcm", ("(0008,0080)", null), ("(0010,0020)", "KEPT"));
        }

        [Fact]
        public void RemoveWithAFunctionRemovesWhereItReturnsTrue()
        {
            Both("remove-func", "vr-matrix.dcm", ("(0010,0010)", null), ("(0008,1030)", null), ("(0011,1001)", null), ("(0010,1002)__1__(0011,1001)", null),
                ("(0010,1001)", null), ("(0010,0020)", "PID-123"), ("(0008,0020)", "20050303"), ("(0008,0080)", "NOWHERE GENERAL HOSPITAL"));
        }

        [Fact]
        public void AFunctionGetsTheNestedFieldNameAndTheVariables() => Both("replace-func", "vr-matrix.dcm",
            ("(0010,0020)", "PatientID"), ("(0010,1002)__1__(0010,0020)", "OtherPatientIDsSequence__PatientID"),
            ("(0010,1002)__0__(0010,0021)", "OtherPatientIDsSequence__IssuerOfPatientID"), ("(0008,0050)", "ID-77"), ("(0010,4000)", "ID-77"),
            ("(0008,1030)", "CT HEAD FOR JOHN DOE"));

        [Fact]
        public void MissingVariablesChangeNothingAndOursWarnNamingFileAndField()
        {
            Both("missing-var", "vr-matrix.dcm", ("(0010,0020)", "PID-123"), ("(0012,0062)", null), ("(0008,0020)", "20050303"), ("(0008,0050)", "ACC-7788"), ("(0010,0010)", "GIVEN^NAME"));
            Assert.Equal(new[] { "WARNING JITTER (0008,0020) Study Date                          DA: '20050303'  [StudyDate] unsuccessful" }, Outcome("missing-var", "vr-matrix.dcm").Log);
            var warnings = new List<string>();
            RunOurs("missing-var", "vr-matrix.dcm", warnings);
            string file = InputPath(Input("missing-var", "vr-matrix.dcm"));
            Assert.Contains($"REPLACE PatientID var:id (recipe missing-var.dicom:5): variable 'id' is not defined for {file}; PatientID left unchanged.", warnings);
            Assert.Contains(warnings, w => w.Contains($"variable 'id' is not defined for {file}; OtherPatientIDsSequence__PatientID left unchanged."));
            Assert.Contains(warnings, w => w.Contains($"variable 'flag' is not defined for {file}; nothing added (PatientIdentityRemoved is not in the file)."));
            Assert.Contains(warnings, w => w.Contains($"variable 'days' is not defined for {file}; StudyDate left unchanged."));
            Assert.DoesNotContain(warnings, w => w.Contains("'cond'")); // a REMOVE condition that is missing is false: no removal, as deid
        }

        [Fact]
        public void JitterShiftsDatesAtEveryDepthAndInPrivateBlocks() => Both("jitter", "vr-matrix.dcm",
            ("(0008,0020)", "20050308"), ("(0018,1200)", "20001222\\20020123"), ("(0040,A730)__0__(0040,A121)", "20050309"), ("(0011,1002)", "20010106"),
            ("(0010,0030)", "19691229"), ("(0010,1002)__1__(0010,0030)", "19691230"));

        [Fact]
        public void DeidFuncJitterAddsYearsTimes365PlusDaysDefaultingToOne()
        {
            Both("deid-func-jitter", "CT_small.dcm", ("(0008,0020)", "20040122"), ("(0010,0030)", In("deid-func-jitter", "CT_small.dcm", "(0010,0030)").Length == 0 ? "" : null!));
            Both("deid-func-jitter", "vr-matrix.dcm", ("(0008,0020)", "20050306"), ("(0010,0030)", "19710102"), ("(0018,1200)", "20010102\\20020203"));
            Both("deid-func-jitter", "test-SR.dcm", ("(0008,0023)", "20030223")); // 20010213 + 2 * 365 + 10
        }

        [Theory]
        [InlineData("vr-matrix.dcm")]
        [InlineData("rtstruct.dcm")]
        [InlineData("CT_small.dcm")]
        [InlineData("test-SR.dcm")]
        [InlineData("ctbrain1.dcm")]
        [InlineData("ctbrain2.dcm")]
        public void PydicomUuidIsDeidsValueExactly(string file)
        {
            var g = new UidGenerator();
            string study = In("pydicom-uuid", file, "(0020,000D)");
            var checks = new List<(string, string?)>
            {
                ("(0020,000D)", g.PydicomUuid(study)),
                ("(0020,000E)", g.PydicomUuid(In("pydicom-uuid", file, "(0020,000E)"), "1.2.3.")),
                ("(0008,0018)", g.PydicomUuid(In("pydicom-uuid", file, "(0008,0018)"), "1.2.826.0.1.3680043.8.498.")),
            };
            if (file == "vr-matrix.dcm") checks.Add(("(0008,1110)__0__(0008,1155)", g.PydicomUuid(study)));
            if (file == "rtstruct.dcm") checks.Add(("(3006,0020)__2__(3006,0024)", g.PydicomUuid(In("pydicom-uuid", file, "(3006,0020)__2__(3006,0024)"))));
            if (file != "rtstruct.dcm") checks.Add(("(0010,0020)", g.PydicomUuid(In("pydicom-uuid", file, "(0010,0020)"))));
            Both("pydicom-uuid", file, checks.ToArray());
        }

        [Fact]
        public void ValuesGroupsMatchDeidsUnescapedRegexOverStrOfEachValue()
        {
            // FIELD + SPLIT by " " minlength 5 of the institution; SPLIT by ", " minlength 8 of the address; person names carry ^, a regex anchor.
            // The address held NOWHERE, one of inst's values, so the first action replaced it; the BLANK then found nothing of address's.
            Both("values-field-split", "vr-matrix.dcm", ("(0008,0080)", "REDACTED"), ("(0008,0081)", "REDACTED"));
            // deid's unescaped pattern DOE^JOHN matches nothing, so deid keeps the names; ours also matches the values literally (a deliberate difference).
            Assert.Equal("DOE^JOHN", Expected("values-field-split", "vr-matrix.dcm").Dataset.GetString(new DicomTag(0x0010, 0x0010)));
            Assert.Equal("NOPE", RunOurs("values-field-split", "vr-matrix.dcm", new List<string>()).Dataset.GetString(new DicomTag(0x0010, 0x0010)));
            // SPLIT of a multi-valued time splits "['101010', '111111']" by the quote: the two times, nothing else.
            Both("values-split-multivalued", "vr-matrix.dcm", ("(0018,1201)", "000000"), ("(0008,0030)", "101553.123"));
            // Text inside bytes is found in their b'...' form.
            Both("values-binary", "vr-matrix.dcm", ("(0032,1060)", "REDACTED"));
            foreach (var f in new[] { Expected("values-binary", "vr-matrix.dcm"), RunOurs("values-binary", "vr-matrix.dcm", new List<string>()) })
            {
                foreach (var (tag, text) in new[] { (0x00111005u, "REDACTED"), (0x0016002Bu, "REDACTED"), (0x0072006Du, "UNV") })
                {
                    f.Dataset.TryGetElement(new DicomTag(tag), out var e);
                    Assert.Equal(text, System.Text.Encoding.ASCII.GetString(e.RawValue.Span).TrimEnd('\0'));
                }
            }
        }

        [Fact]
        public void FieldsGroupsReselectByTagAtEveryDepth()
        {
            Both("fields-groups", "vr-matrix.dcm", ("(0011,1001)", null), ("(0010,1002)__1__(0011,1001)", null), ("(0011,1006)__0__(0011,1001)", null),
                ("(0008,0020)", ""), ("(0040,A730)__0__(0040,A121)", ""), ("(0008,0018)", new UidGenerator().PydicomUuid("1.2.826.0.1.3680043.8.498.1001.1.1")));
        }

        [Fact]
        public void PrivateCreatorSyntaxAndTagsReachPrivateElements()
        {
            Both("private-syntax", "vr-matrix.dcm", ("(0011,1001)", "X"), ("(0011,1101)", "Y"), ("(0011,1002)", null), ("(0011,1003)", ""),
                ("(0011,1007)", "1.5"), ("(0013,1010)", null), ("(0010,1002)__1__(0011,1001)", "X"));
            Both("private-ctbrain", "ctbrain1.dcm", ("(0033,1013)", null), ("(0033,1019)", "X"), ("(0019,1092)", "1.5"), ("(0011,0001)", null),
                ("(0011,0009)", "UC-REPLACED"), ("(0029,1140)", "(sequence of 0)"), ("(0029,1008)", "SOM 5"));
            Both("odd-groups", "odd-groups.dcm", ("(0003,1001)", "X"), ("(0005,0020)", null), ("(0007,1001)", "20010104"), ("(0007,0010)", "SEVEN-B"));
            Both("odd-groups-remove-private", "odd-groups.dcm", ("(0003,0010)", null), ("(0003,1001)", null), ("(0005,0020)", null), ("(0007,1001)", null), ("(0010,0010)", "X"));
        }

        [Fact]
        public void JitterOfADateHeldInTextShiftsTheDateAndKeepsTheRest() => Both("private-ctbrain", "ctbrain1.dcm",
            ("(0029,1019)", "20230106"), ("(0029,1020)", "20230106011721.621000"), ("(0029,1021)", "20230106"), ("(0029,1022)", "20230106011721.621000-0040"));

        [Fact]
        public void OptionsStripSequencesRemovePrivateAndDisableSkip()
        {
            foreach (var f in new[] { Expected("strip-sequences", "test-SR.dcm"), RunOurs("strip-sequences", "test-SR.dcm", new List<string>()) })
                Assert.DoesNotContain(f.Dataset.Elements.ToList(), e => e.IsSequence);
            Both("strip-sequences", "vr-matrix.dcm", ("(0010,0010)", "X"), ("(0011,1006)", null), ("(0008,1110)", null));
            foreach (var f in new[] { Expected("remove-private", "vr-matrix.dcm"), RunOurs("remove-private", "vr-matrix.dcm", new List<string>()) })
                Assert.DoesNotContain(WrittenValues.Walk(f.Dataset, "").ToList(), x => x.Element.Tag.IsPrivate);
            Both("skip-default", "vr-matrix.dcm", ("(7FE0,0010)", In("skip-default", "vr-matrix.dcm", "(7FE0,0010)")));
            Assert.Equal("1.2.840.10008.1.2.1", RunOurs("skip-default", "vr-matrix.dcm", new List<string>()).FileMetaInformation.GetString(DicomTag.TransferSyntaxUid));
            Both("disable-skip", "vr-matrix.dcm", ("(7FE0,0010)", null), ("(0010,0010)", "X"));
        }

        [Fact]
        public void ExpandersAndPathsReachDeepContent() => Both("deep-nesting", "test-SR.dcm",
            ("(0040,A730)__1__(0040,A730)__0__(0040,A730)__0__(0040,A043)__0__(0008,0104)", "MEANING"),
            ("(0040,A730)__1__(0040,A730)__0__(0040,A160)", "NEVER"), // BLANK TextValue, then the keyword path without indexes
            ("(0040,A730)__1__(0040,A730)__0__(0040,A043)__0__(0008,010C)", null),
            ("(0040,A073)__0__(0040,A075)", "OBSERVER"),
            ("(0040,A730)__1__(0040,A730)__0__(0040,A043)", null));
    }
}
