/** `{% do expr %}`: evaluate for its side effect (e.g. `list.append(x)`), output nothing, as in Jinja. */
export class DoExtension {
  tags = ['do'];

  parse(parser: any, nodes: any): unknown {
    const tok = parser.nextToken();
    const args = new nodes.NodeList(tok.lineno, tok.colno);
    args.addChild(parser.parseExpression());
    parser.advanceAfterBlockEnd(tok.value);
    return new nodes.CallExtension(this, 'run', args);
  }

  run(): string {
    return '';
  }
}
