using System;
using System.Collections.ObjectModel;
using System.Management.Automation;
using Deid.Inspection;

namespace Deid.PowerShell
{
    /// <summary>
    /// The properties PowerShell shows on a <see cref="DicomSequenceItem"/> (Deid.Types.ps1xml names it as the type's adapter): the
    /// four a dataset view has (Path, ItemPath, TransferSyntax, ElementCount), not the JSON members a JObject has (First, Next,
    /// Parent, ...). Without it Get-Member, Select-Object * and Export-Csv of items would list a dozen JSON-token properties; the
    /// keyword NoteProperties are the object's own and are not affected. Methods still come from the type.
    /// </summary>
    public sealed class DicomSequenceItemAdapter : PSPropertyAdapter
    {
        /// <inheritdoc/>
        public override Collection<string> GetTypeNameHierarchy(object baseObject)
        {
            // The dataset view's name first, so its format view and hidden properties (Elements, PSPath, ...) apply to items; the
            // JSON classes between this type and System.Object are left out, as they are of the properties.
            return new Collection<string> { typeof(DicomDatasetView).FullName!, typeof(DicomSequenceItem).FullName!, typeof(object).FullName! };
        }

        /// <inheritdoc/>
        public override Collection<PSAdaptedProperty> GetProperties(object baseObject)
        {
            var properties = new Collection<PSAdaptedProperty>();
            foreach (var name in DicomSequenceItem.ViewPropertyNames) properties.Add(new PSAdaptedProperty(name, null));
            return properties;
        }

        /// <inheritdoc/>
        public override PSAdaptedProperty? GetProperty(object baseObject, string propertyName)
        {
            foreach (var name in DicomSequenceItem.ViewPropertyNames)
            {
                if (string.Equals(name, propertyName, StringComparison.OrdinalIgnoreCase)) return new PSAdaptedProperty(name, null);
            }
            return null;
        }

        /// <inheritdoc/>
        public override bool IsGettable(PSAdaptedProperty adaptedProperty) => true;

        /// <inheritdoc/>
        public override bool IsSettable(PSAdaptedProperty adaptedProperty) => false;

        /// <inheritdoc/>
        public override object? GetPropertyValue(PSAdaptedProperty adaptedProperty)
        {
            if (adaptedProperty == null) throw new ArgumentNullException(nameof(adaptedProperty));
            return Item(adaptedProperty.BaseObject) is DicomSequenceItem item ? DicomSequenceItem.ViewProperty(item.View, adaptedProperty.Name) : null;
        }

        /// <inheritdoc/>
        public override void SetPropertyValue(PSAdaptedProperty adaptedProperty, object value) =>
            throw new NotSupportedException("The items of a sequence read from a file cannot be changed here.");

        /// <inheritdoc/>
        public override string GetPropertyTypeName(PSAdaptedProperty adaptedProperty)
        {
            if (adaptedProperty == null) throw new ArgumentNullException(nameof(adaptedProperty));
            var type = typeof(DicomDatasetView).GetProperty(adaptedProperty.Name)?.PropertyType ?? typeof(object);
            return (Nullable.GetUnderlyingType(type) ?? type).FullName!;
        }

        private static object? Item(object baseObject) => baseObject is PSObject pso ? pso.BaseObject : baseObject;
    }
}
