using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using Deid.Dicom;

namespace Deid.PowerShell
{
    /// <summary>Tab completion and resolution of the transfer syntaxes samples can be written in.</summary>
    public sealed class TransferSyntaxCompleter : IArgumentCompleter
    {
        private static readonly (string Name, TransferSyntax Syntax)[] Known =
        {
            ("ExplicitVRLittleEndian", Dicom.TransferSyntax.ExplicitVRLittleEndian),
            ("ImplicitVRLittleEndian", Dicom.TransferSyntax.ImplicitVRLittleEndian),
            ("ExplicitVRBigEndian", Dicom.TransferSyntax.ExplicitVRBigEndian),
            ("DeflatedExplicitVRLittleEndian", Dicom.TransferSyntax.DeflatedExplicitVRLittleEndian),
            ("RLELossless", Dicom.TransferSyntax.RleLossless),
            ("JPEGBaseline8Bit", Dicom.TransferSyntax.JpegBaseline),
        };

        /// <summary>The names accepted.</summary>
        public static IEnumerable<string> Names
        {
            get
            {
                foreach (var k in Known) yield return k.Name;
            }
        }

        /// <summary>Finds a transfer syntax by name (case-insensitive) or UID; null when unknown.</summary>
        public static TransferSyntax? Resolve(string nameOrUid)
        {
            foreach (var k in Known)
            {
                if (string.Equals(k.Name, nameOrUid, StringComparison.OrdinalIgnoreCase) || k.Syntax.Uid == nameOrUid) return k.Syntax;
            }
            return null;
        }

        /// <inheritdoc/>
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            foreach (var k in Known)
            {
                if (k.Name.StartsWith(wordToComplete ?? string.Empty, StringComparison.OrdinalIgnoreCase))
                    yield return new CompletionResult(k.Name, k.Name, CompletionResultType.ParameterValue, k.Syntax.ToString());
            }
        }
    }
}
