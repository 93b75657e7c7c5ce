using System.Collections.Immutable;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Prometheus.Distributed.Tests.Architecture;

/// <summary>
/// Reads which of an assembly's own types each of its types uses, from the compiled metadata: base types, interfaces,
/// field, property and method signatures, locals, and every type, method and field token in the method bodies.
/// Compiler-generated nested types (closures, state machines) count as their declaring type.
/// </summary>
internal static class DependencyReader
{
    private static readonly Dictionary<short, OperandType> OperandTypes = typeof(OpCodes)
        .GetFields()
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    /// <summary>Every (user, used) pair of distinct top-level types defined in the assembly at <paramref name="path"/>.</summary>
    public static IReadOnlyList<TypeDependency> Read(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var metadata = pe.GetMetadataReader();
        var dependencies = new HashSet<TypeDependency>();
        foreach (var handle in metadata.TypeDefinitions)
        {
            var from = FullName(metadata, Outermost(metadata, handle));
            var used = new HashSet<TypeDefinitionHandle>();
            new TypeScanner(metadata, pe, used).Scan(metadata.GetTypeDefinition(handle));
            foreach (var target in used)
            {
                var to = FullName(metadata, Outermost(metadata, target));
                if (to != from)
                {
                    dependencies.Add(new TypeDependency(from, to));
                }
            }
        }

        return [.. dependencies];
    }

    private static TypeDefinitionHandle Outermost(MetadataReader metadata, TypeDefinitionHandle handle)
    {
        var type = metadata.GetTypeDefinition(handle);
        while (type.IsNested)
        {
            handle = type.GetDeclaringType();
            type = metadata.GetTypeDefinition(handle);
        }

        return handle;
    }

    private static string FullName(MetadataReader metadata, TypeDefinitionHandle handle)
    {
        var type = metadata.GetTypeDefinition(handle);
        var name = metadata.GetString(type.Name);
        var ns = metadata.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    /// <summary>Collects the assembly's own types one type definition uses.</summary>
    private sealed class TypeScanner(MetadataReader metadata, PEReader pe, HashSet<TypeDefinitionHandle> used)
        : ISignatureTypeProvider<int, object?>
    {
        public void Scan(TypeDefinition type)
        {
            if (!type.BaseType.IsNil)
            {
                Add(type.BaseType);
            }

            foreach (var implementation in type.GetInterfaceImplementations())
            {
                Add(metadata.GetInterfaceImplementation(implementation).Interface);
            }

            foreach (var field in type.GetFields())
            {
                metadata.GetFieldDefinition(field).DecodeSignature(this, null);
            }

            foreach (var property in type.GetProperties())
            {
                metadata.GetPropertyDefinition(property).DecodeSignature(this, null);
            }

            foreach (var method in type.GetMethods())
            {
                ScanMethod(metadata.GetMethodDefinition(method));
            }
        }

        private void ScanMethod(MethodDefinition method)
        {
            method.DecodeSignature(this, null);
            if (method.RelativeVirtualAddress == 0)
            {
                return;
            }

            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
            {
                metadata.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(this, null);
            }

            var il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                var code = il.ReadByte();
                var opCode = code == 0xFE ? (short)(0xFE00 | il.ReadByte()) : code;
                if (!OperandTypes.TryGetValue(opCode, out var operand))
                {
                    throw new InvalidDataException(
                        $"IL opcode {opCode:X4} of {metadata.GetString(method.Name)} is not one System.Reflection.Emit.OpCodes names.");
                }

                switch (operand)
                {
                    case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                        Add(MetadataTokens.EntityHandle(il.ReadInt32()));
                        break;
                    case OperandType.InlineSwitch:
                        // The count first, then that many 4-byte targets (read the count before moving on).
                        var targets = il.ReadInt32();
                        il.Offset += 4 * targets;
                        break;
                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    case OperandType.InlineI8 or OperandType.InlineR:
                        il.Offset += 8;
                        break;
                    default:
                        il.Offset += 4;
                        break;
                }
            }
        }

        private void Add(EntityHandle handle)
        {
            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    used.Add((TypeDefinitionHandle)handle);
                    break;
                case HandleKind.TypeSpecification:
                    metadata.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                    break;
                case HandleKind.MethodDefinition:
                    var method = metadata.GetMethodDefinition((MethodDefinitionHandle)handle);
                    used.Add(method.GetDeclaringType());
                    method.DecodeSignature(this, null);
                    break;
                case HandleKind.FieldDefinition:
                    var field = metadata.GetFieldDefinition((FieldDefinitionHandle)handle);
                    used.Add(field.GetDeclaringType());
                    field.DecodeSignature(this, null);
                    break;
                case HandleKind.MemberReference:
                    var member = metadata.GetMemberReference((MemberReferenceHandle)handle);
                    if (member.Parent.Kind is HandleKind.TypeDefinition or HandleKind.TypeSpecification)
                    {
                        Add((EntityHandle)member.Parent);
                    }

                    if (member.GetKind() == MemberReferenceKind.Method)
                    {
                        member.DecodeMethodSignature(this, null);
                    }
                    else
                    {
                        member.DecodeFieldSignature(this, null);
                    }

                    break;
                case HandleKind.MethodSpecification:
                    var specification = metadata.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Add(specification.Method);
                    specification.DecodeSignature(this, null);
                    break;
            }
        }

        public int GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            used.Add(handle);
            return 0;
        }

        public int GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
        {
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
            return 0;
        }

        public int GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => 0;

        public int GetArrayType(int elementType, ArrayShape shape) => 0;

        public int GetByReferenceType(int elementType) => 0;

        public int GetFunctionPointerType(MethodSignature<int> signature) => 0;

        public int GetGenericInstantiation(int genericType, ImmutableArray<int> typeArguments) => 0;

        public int GetGenericMethodParameter(object? genericContext, int index) => 0;

        public int GetGenericTypeParameter(object? genericContext, int index) => 0;

        public int GetModifiedType(int modifier, int unmodifiedType, bool isRequired) => 0;

        public int GetPinnedType(int elementType) => 0;

        public int GetPointerType(int elementType) => 0;

        public int GetPrimitiveType(PrimitiveTypeCode typeCode) => 0;

        public int GetSZArrayType(int elementType) => 0;
    }
}
