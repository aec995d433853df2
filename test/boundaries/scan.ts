/**
 * Reads a TypeScript source the way the compiler does (no regexes), and reports what the boundary
 * rules care about: the modules it imports, and the browser globals it touches as values.
 */
import ts from 'typescript';

export interface SourceFacts {
  /** Every import/export/dynamic-import/require specifier, as written. */
  imports: string[];
  /** The specifiers imported for types only (`import type`, or every named binding `type`). */
  typeOnly: Set<string>;
  /** Identifiers used as values (not types, not property names, not local declarations). */
  globals: Set<string>;
}

export function scanSource(fileName: string, text: string): SourceFacts {
  const imports = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const typeOnly = new Set<string>();
  for (const st of sf.statements) {
    if ((ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) {
      if (isTypeOnly(st)) typeOnly.add(st.moduleSpecifier.text);
    }
  }
  // A module imported both ways is a value import.
  for (const st of sf.statements) {
    if ((ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) {
      if (!isTypeOnly(st)) typeOnly.delete(st.moduleSpecifier.text);
    }
  }
  const declared = new Set<string>();
  const used = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isTypeNode(node) || ts.isImportDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) {
      if (ts.isImportDeclaration(node)) collectImportNames(node, declared);
      return; // types and import lines are not value uses
    }
    if (ts.isIdentifier(node) && isValueReference(node)) used.add(node.text);
    const name = (node as { name?: ts.Node }).name;
    if (name && ts.isIdentifier(name) && (ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node))) {
      declared.add(name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  for (const name of declared) used.delete(name);
  return { imports, typeOnly, globals: used };
}

function isTypeOnly(st: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(st)) {
    return st.isTypeOnly || (!!st.exportClause && ts.isNamedExports(st.exportClause) && st.exportClause.elements.every((e) => e.isTypeOnly));
  }
  const clause = st.importClause;
  if (!clause) return false; // a side-effect import
  if (clause.isTypeOnly) return true;
  const b = clause.namedBindings;
  return !clause.name && !!b && ts.isNamedImports(b) && b.elements.length > 0 && b.elements.every((e) => e.isTypeOnly);
}

function collectImportNames(node: ts.ImportDeclaration, into: Set<string>): void {
  const clause = node.importClause;
  if (!clause) return;
  if (clause.name) into.add(clause.name.text);
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) into.add(bindings.name.text);
  if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) into.add(el.name.text);
}

/** False for `x.name`, `{ name: … }`, `name() {}` and the like: those are not references to a global. */
function isValueReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isPropertySignature(p) || ts.isMethodSignature(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p)) && p.name === id) return false;
  if ((ts.isBindingElement(p) && p.propertyName === id) || ts.isQualifiedName(p) || ts.isLabeledStatement(p)) return false;
  if ((ts.isImportSpecifier(p) || ts.isExportSpecifier(p)) ) return false;
  if (ts.isJsxAttribute(p) || ts.isJsxOpeningElement(p) || ts.isJsxClosingElement(p) || ts.isJsxSelfClosingElement(p)) return false;
  return true;
}
