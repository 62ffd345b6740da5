import type { FolderConfigTree } from './folder-config.js';
import type { PropertiesFile, ProjectFile, TargetConfig } from './schema.js';
import type { YamlFile } from './yaml-file.js';

export interface PropertiesDoc {
  yaml: YamlFile;
  data: PropertiesFile;
  /** checksum of the file's text as read */
  checksum: string;
}

/** Everything read from disk about a project, validated; nothing rendered yet. */
export interface Project {
  /** absolute project directory */
  root: string;
  name: string;
  file: ProjectFile;
  targetName: string;
  target: TargetConfig;
  /** absolute path of target/ (artifacts, compiled SQL, DuckDB file) */
  targetPath: string;
  vars: Record<string, unknown>;
  modelFiles: string[];
  macroFiles: string[];
  seedFiles: string[];
  /** singular data tests (SQL files under test-paths) */
  testFiles: string[];
  properties: PropertiesDoc[];
  /** checksum of project.yml's text as read */
  fileChecksum: string;
  /** folders listed to find the project's files (relative to root) */
  folders: string[];
  folderConfig: { models: FolderConfigTree; seeds: FolderConfigTree; tests: FolderConfigTree };
}
